//! A deterministic generator of Spanish institutional posts for benchmarks: same seed, same
//! corpus, on any machine, without network. About one post in twelve carries a violation
//! (a DNI, a generic masculine, a blessing…) so the engine does real work.

/// A small xorshift generator: reproducible and dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const OPENINGS: &[&str] = &[
    "El Senace informa que",
    "Hoy el Senace realizó",
    "Desde Madre de Dios, el equipo del Senace",
    "En San Martín, el Senace",
    "La Dirección de Evaluación Ambiental",
    "Como parte del proceso de certificación ambiental,",
    "¿Sabía usted que",
    "Recuerde que",
    "El Servicio Nacional de Certificación Ambiental",
];
const MIDDLES: &[&str] = &[
    "se desarrolló el taller participativo sobre el estudio de impacto ambiental detallado",
    "la evaluación del EIA-d del proyecto minero avanza según el cronograma aprobado",
    "la audiencia pública se transmitirá en vivo por nuestras cuentas oficiales",
    "las comunidades campesinas y nativas participan en la consulta previa",
    "la población puede presentar aportes a través de la Mesa de Partes Virtual",
    "el expediente se encuentra en la etapa de revisión de la línea base",
    "se aprobó la modificación del estudio con la Resolución Directoral N° 00123-2024-SENACE-PE/DEIN",
    "el proyecto de infraestructura vial contempla 1.500 hectáreas de área de influencia",
    "la inversión pública estimada asciende a S/ 2,5 millones según el expediente técnico",
    "el personal especializado atendió las consultas de la ciudadanía durante la jornada",
];
const CLOSINGS: &[&str] = &[
    "Más información en www.senace.gob.pe.",
    "Síguenos en nuestras redes oficiales.",
    "#CertificaciónAmbiental #Senace",
    "Participa y comparte.",
    "Las consultas se atienden de lunes a viernes de 8:00 a 19:00.",
    "",
];
const VIOLATIONS: &[&str] = &[
    "La señora con DNI 45678912 ganó el sorteo.",
    "Saludamos a los ciudadanos de Lima.",
    "Dios los bendiga a todos.",
    "Documento CONFIDENCIAL: no difundir.",
    "Vota por el cambio este domingo.",
    "Envíenos su número de expediente por DM.",
    "Oferta: 2x1 a solo S/ 99.90, compra ya.",
    "La informacion estará disponible mañana.",
];

/// One post of about 200–600 characters.
pub fn post(rng: &mut Rng) -> String {
    let mut s = String::new();
    let sentences = 1 + rng.below(3);
    for i in 0..sentences {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(OPENINGS));
        s.push(' ');
        s.push_str(rng.pick(MIDDLES));
        s.push('.');
    }
    if rng.below(12) == 0 {
        s.push(' ');
        s.push_str(rng.pick(VIOLATIONS));
    }
    let closing = rng.pick(CLOSINGS);
    if !closing.is_empty() {
        s.push(' ');
        s.push_str(closing);
    }
    s
}

/// Posts until `bytes` of text, separated by blank lines.
pub fn text(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        out.push_str(&post(&mut rng));
        out.push_str("\n\n");
    }
    out
}
