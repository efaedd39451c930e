/*!
The clauses of the directive vigia enforces (sections 7 and 8 of the Senace
social-media directive), quoted by `vigia explain` so a finding can be read against the
text it applies.
*/

/// `(clause, text)` of every clause of sections 7 and 8.
pub const CLAUSES: &[(&str, &str)] = &[
    (
        "7.1",
        "El Senace cuenta con las siguientes cuentas oficiales:\n  Facebook: https://www.facebook.com/SenacePeru/\n  Twitter: https://twitter.com/senaceperu\n  Instagram: https://www.instagram.com/senaceperu/\n  LinkedIn: https://www.linkedin.com/company/senaceperu/\n  YouTube: https://www.youtube.com/user/SENACEperu\n  Flickr: https://www.flickr.com/photos/senaceperu",
    ),
    (
        "7.2",
        "La COM es la única unidad orgánica autorizada para crear, gestionar, administrar, modificar, suspender o cerrar las cuentas a nombre del Senace en las plataformas de redes sociales.",
    ),
    (
        "7.3",
        "El Senace es responsable sólo de los contenidos que se publican en sus cuentas oficiales de redes sociales aprobadas.",
    ),
    (
        "7.4",
        "Las publicaciones, comentarios y mensajes directos que se realicen en las cuentas de redes sociales oficiales se hacen en nombre del Senace y son considerados mensajes o posiciones institucionales, no individuales o personales.",
    ),
    (
        "7.5",
        "Las publicaciones en las redes sociales oficiales del Senace observan y cumplen lo establecido en las normas legales vigentes sobre protección de datos personales, seguridad de la información, derechos de autor, marcas registradas, derechos de publicidad y otras normas nacionales que correspondan, así como las políticas de uso de cada plataforma.",
    ),
    (
        "7.6",
        "Se encuentra prohibido revelar información confidencial en las publicaciones en redes sociales.",
    ),
    (
        "7.7",
        "No está permitido publicar contenidos o mensajes sobre asuntos distintos al quehacer y competencias del Senace, así como hacer proselitismo, propaganda política, difusión religiosa o publicidad de bienes y servicios de terceros. En caso algún tercero lo haga, dicha información será eliminada.",
    ),
    (
        "7.8",
        "El Senace procederá a retirar la publicación de cualquier información que sea ilegal, amenazante, calumniosa, inapropiada, antiética, discriminatoria o que, de alguna forma, agreda el prestigio, contra la entidad, sus servidores, colaboradores, terceros o que contengan lenguaje ofensivo o intimidatorio. Esta tarea estará a cargo de la COM.",
    ),
    (
        "7.9",
        "El Senace se reserva el derecho a modificar, suspender, cancelar o restringir el acceso a contenidos, vínculos o información puesta por terceros, sin necesidad de previo aviso, si se infringe lo establecido en la presente directiva.",
    ),
    (
        "7.10",
        "En concordancia con sus esfuerzos de participación ciudadana, la información expuesta en redes sociales por el Senace debe ser clara, transparente y concisa, procurando incluir enfoques de interculturalidad y de género, entre otros, según corresponda.",
    ),
    (
        "8.1",
        "La COM es la encargada de supervisar el cumplimiento de la presente directiva por parte de todos los órganos del Senace.",
    ),
    (
        "8.2",
        "Los órganos del Senace podrán solicitar la comunicación y/o difusión de determinados eventos de carácter institucional, los que a mérito de la revisión y evaluación de la COM, podrán ser incluidos en las redes sociales determinadas.",
    ),
    (
        "8.3",
        "La COM es responsable del contenido a difundir y de la gestión de la red social. Las cuentas de redes sociales serán administradas desde la cuenta de correo electrónico redes_sociales@senace.gob.pe, a cargo de COM.",
    ),
    (
        "8.4",
        "El horario de atención y respuesta de consultas en redes sociales es de 8:00 a.m. a 7:00 p.m., en días hábiles. La COM evaluará la pertinencia de responder fuera de este horario, considerando la urgencia y relevancia de la consulta.",
    ),
    (
        "8.5",
        "Las redes sociales del Senace no son consideradas como un canal de tramitación de expedientes, consulta sobre expedientes específicos, ni medio para solicitudes de acceso a la información pública que se encuentren reguladas por el Texto Único Ordenado de la Ley 27806.",
    ),
    (
        "8.6",
        "El Senace podrá difundir en sus redes sociales oficiales las notas de prensa o comunicados que informen sobre resoluciones del Consejo Directivo, Jefatura, Gerencia General, órganos de línea y órganos de apoyo del Senace.",
    ),
    (
        "8.7",
        "Las publicaciones en redes sociales oficiales del Senace se redactan analizando el público objetivo, cuidando la sintaxis, ortografía y reglas gramaticales.",
    ),
    (
        "8.8",
        "Las opiniones expresadas por los servidores del Senace que intervengan en calidad de seguidores no reflejan la posición de la entidad.",
    ),
];

/// A short Spanish title of every clause, for summaries and reports.
pub const TITLES: &[(&str, &str)] = &[
    ("7.1", "Cuentas oficiales"),
    ("7.2", "Solo la COM gestiona las cuentas"),
    ("7.3", "Responsabilidad por los contenidos"),
    ("7.4", "Mensajes institucionales, no personales"),
    ("7.5", "Datos personales, derechos y normas"),
    ("7.6", "Información confidencial"),
    ("7.7", "Temas ajenos, política, religión y publicidad"),
    ("7.8", "Contenido ilegal, ofensivo o discriminatorio"),
    ("7.9", "Contenidos de terceros"),
    ("7.10", "Claridad, interculturalidad y género"),
    ("8.1", "Supervisión de la COM"),
    ("8.2", "Difusión de eventos institucionales"),
    ("8.3", "Responsable del contenido y de la cuenta"),
    ("8.4", "Horario de atención"),
    (
        "8.5",
        "No es canal de expedientes ni de acceso a la información",
    ),
    ("8.6", "Notas de prensa y comunicados"),
    ("8.7", "Redacción, sintaxis y ortografía"),
    ("8.8", "Opiniones de los servidores"),
];

/// The short title of a clause (`"7.6"` → «Información confidencial»).
pub fn title(section: &str) -> Option<&'static str> {
    TITLES.iter().find(|(n, _)| *n == section).map(|(_, t)| *t)
}

/// The text of a clause (`"7.6"`), if the directive has it.
pub fn clause(section: &str) -> Option<&'static str> {
    CLAUSES.iter().find(|(n, _)| *n == section).map(|(_, t)| *t)
}

/// Title of the document the clauses come from.
pub const TITLE: &str = "Disposiciones para la gestión de las redes sociales del Senace";

#[cfg(test)]
mod tests {
    #[test]
    fn clauses_of_sections_7_and_8() {
        assert_eq!(super::CLAUSES.len(), 18);
        assert!(super::clause("7.6").unwrap().contains("confidencial"));
        assert!(super::clause("8.4").unwrap().contains("8:00"));
        assert!(super::clause("9.1").is_none());
    }

    #[test]
    fn every_clause_has_a_short_title() {
        for (n, _) in super::CLAUSES {
            let t = super::title(n).unwrap_or_else(|| panic!("§{n} has no title"));
            assert!(t.chars().count() <= 60, "§{n}: {t}");
        }
        assert_eq!(super::TITLES.len(), super::CLAUSES.len());
        assert_eq!(super::title("8.4"), Some("Horario de atención"));
        assert_eq!(super::title("9.1"), None);
    }
}
