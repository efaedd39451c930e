/*!
Readability of Spanish text: Fernández-Huerta and Szigriszt-Pazos (INFLESZ).

Both adapt Flesch's reading ease to Spanish; higher is easier.

- **Fernández-Huerta** (1959): `L = 206.84 − 0.60·P − 1.02·F`, where `P` is syllables per
  100 words and `F` is words per sentence. Many sources read `F` as "sentences per 100
  words", a transcription error that makes shorter sentences score worse (G. Law, *Error in
  the Fernández Huerta Readability Formula*, LINGUIST List 22.2332, 2011); the corrected
  reading is used here.
- **Szigriszt-Pazos** (1993): `P = 206.835 − 62.3·(syllables/words) − words/sentences`, read
  on the INFLESZ scale (Barrio-Cantalejo et al., 2008): below 40 very difficult, 40–55
  somewhat difficult, 55–65 normal, 65–80 fairly easy, 80 and above very easy.
*/

/// Fernández-Huerta readability (`None` without words or sentences).
pub fn fernandez_huerta(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    if words == 0 || sentences == 0 {
        return None;
    }
    let (w, s, y) = (words as f64, sentences as f64, syllables as f64);
    Some(206.84 - 0.60 * (100.0 * y / w) - 1.02 * (w / s))
}

/// Szigriszt-Pazos perspicuity, read on the INFLESZ scale (`None` without words or
/// sentences).
pub fn inflesz(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    if words == 0 || sentences == 0 {
        return None;
    }
    let (w, s, y) = (words as f64, sentences as f64, syllables as f64);
    Some(206.835 - 62.3 * (y / w) - w / s)
}

/// The INFLESZ band of a score, in Spanish.
pub fn inflesz_band(score: f64) -> &'static str {
    match score {
        s if s < 40.0 => "muy difícil",
        s if s < 55.0 => "algo difícil",
        s if s < 65.0 => "normal",
        s if s < 80.0 => "bastante fácil",
        _ => "muy fácil",
    }
}

/// The Fernández-Huerta band of a score, in Spanish.
pub fn fernandez_huerta_band(score: f64) -> &'static str {
    match score {
        s if s < 30.0 => "muy difícil",
        s if s < 50.0 => "difícil",
        s if s < 60.0 => "algo difícil",
        s if s < 70.0 => "normal",
        s if s < 80.0 => "algo fácil",
        s if s < 90.0 => "fácil",
        _ => "muy fácil",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn formulas_by_hand() {
        // 5 words, 12 syllables, 1 sentence ("El Senace evalúa el proyecto.").
        assert!(close(
            fernandez_huerta(5, 1, 12).unwrap(),
            206.84 - 144.0 - 5.1
        ));
        assert!(close(inflesz(5, 1, 12).unwrap(), 206.835 - 149.52 - 5.0));
        // 100 words, 200 syllables, 5 sentences.
        assert!(close(
            fernandez_huerta(100, 5, 200).unwrap(),
            206.84 - 120.0 - 20.4
        ));
        assert!(close(inflesz(100, 5, 200).unwrap(), 206.835 - 124.6 - 20.0));
        // Shorter sentences read easier (the corrected Fernández-Huerta).
        assert!(fernandez_huerta(100, 10, 200) > fernandez_huerta(100, 5, 200));
        assert_eq!(fernandez_huerta(0, 0, 0), None);
        assert_eq!(inflesz(3, 0, 5), None);
    }

    #[test]
    fn bands() {
        assert_eq!(inflesz_band(39.9), "muy difícil");
        assert_eq!(inflesz_band(40.0), "algo difícil");
        assert_eq!(inflesz_band(55.0), "normal");
        assert_eq!(inflesz_band(65.0), "bastante fácil");
        assert_eq!(inflesz_band(80.0), "muy fácil");
        assert_eq!(fernandez_huerta_band(65.0), "normal");
        assert_eq!(fernandez_huerta_band(20.0), "muy difícil");
    }
}
