//! Issue #10, "Done when": the bundled packs find most common Spanish insults in ordinary
//! sentences, stay quiet on ordinary words that look like insults, and never flag the official
//! accounts of directive clause 7.1.

use std::ops::Range;
use std::sync::OnceLock;

use vigia::input::Document;
use vigia::{Engine, Finding, Level, load_rules};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(load_rules(&[], true).expect("bundled packs load")))
}

fn lint(text: &str) -> Vec<Finding> {
    let doc = Document::plain("coverage", text);
    engine().lint(&doc)
}

/// Removes the `[[…]]` marker of a sentence: the plain text and the marked byte range.
fn unmark(marked: &str) -> (String, Range<usize>) {
    let start = marked.find("[[").expect("a [[marker]]");
    let end = marked.find("]]").expect("a closing ]]") - 2;
    (
        marked.replacen("[[", "", 1).replacen("]]", "", 1),
        start..end,
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// `rule id «matched text»` of each finding, for assertion messages.
fn describe(text: &str, findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} «{}»", f.rule.id, &text[f.span.clone()]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One common insult a line, in three sentences separated by ` | `, addressed to a person as in a
/// citizen's angry reply; the insult itself is marked `[[…]]`. Written before measuring.
const INSULTS: &str = "
Eres un [[idiota]], no entiendes nada del proyecto. | Cállate, [[idiota]], nadie te preguntó. | Esos [[idiotas]] del municipio aprobaron el EIA sin leerlo.
Usted es una [[imbécil]] y no debería atender al público. | El evaluador es un [[imbécil]] que no sabe leer un informe. | ¡Qué [[imbécil]] eres!
¡Qué [[estúpido]] eres! | Son unos [[estúpidos]], ese proyecto va a contaminar el río. | La funcionaria es una [[estúpida]] que no contesta los correos.
Eres un [[tarado]] si crees que la minera va a cumplir. | Ese [[tarado]] del Senace no responde mis mensajes. | Oye [[tarada]], lee bien el expediente antes de opinar.
Son unos [[inútiles]], llevo meses esperando respuesta. | El jefe de la oficina es un [[inútil]]. | ¡Qué [[inútil]] eres, no sabes ni contestar un mensaje!
El ministro es un [[payaso]] y todos lo saben. | Cállate, [[payaso]], tus comentarios no aportan nada. | Esos [[payasos]] del directorio solo se toman fotos.
Eres una [[ignorante]], el agua del río ya está contaminada. | ¡Qué [[ignorante]] eres! | Los funcionarios son unos [[ignorantes]] que nunca pisaron la comunidad.
El evaluador es un [[mediocre]] que copia y pega informes. | Ustedes son unos [[mediocres]]. | Cállate, [[mediocre]], no sabes nada de minería.
Eres un [[cretino]] por responder así a los vecinos. | Ese [[cretino]] del área legal archivó mi denuncia. | ¡Qué [[cretino]] eres!
Eres un [[tonto]] si crees en sus promesas. | Ese [[tonto]] del community manager borró mi comentario. | Cállate, [[tonta]], no sabes lo que dices.
¡Qué [[bobo]] eres! | Los de la oficina son unos [[bobos]]. | Eres una [[boba]], te engañaron con ese informe.
Eres un [[baboso]], deja de responder con plantillas. | Esos [[babosos]] de la consultora mienten. | ¡Cállate, [[baboso]]!
Eres un [[sonso]], firmaste sin leer. | ¡Qué [[sonsa]] eres! | Esos [[sonsos]] del comité creen todo lo que les dicen.
Eres un [[pendejo]], aprobaste el proyecto a escondidas. | Esos [[pendejos]] del municipio se burlan de nosotros. | El gerente es un [[pendejo]] que engaña a la gente.
Eres un [[cojudo]], no sabes ni leer un mapa. | ¡Qué [[cojudos]] son en el Senace! | Cállate, [[cojudo]], nadie te pidió tu opinión.
Eres un [[huevón]], contesta de una vez. | Oye [[webón]], el río se está secando. | Esos [[huevones]] del ministerio nunca vienen a la comunidad.
Eres un [[lorna]], te dejaste engañar por la minera. | ¡Qué [[lorna]] eres! | Esos [[lornas]] del comité firmaron sin leer.
Eres un [[conchudo]], cobras tu sueldo y no haces nada. | ¡Qué [[conchudos]] son, ni responden! | La jefa es una [[conchuda]] que nunca atiende.
Ese periodista es un [[mermelero]]. | Son unos [[mermeleros]] pagados por la empresa. | Cállate, [[mermelero]].
El dirigente es un [[achorado]] que amenaza a todos. | Esos [[achorados]] del sindicato gritan a todo el mundo. | ¡Qué [[achorado]] eres, habla con respeto!
Eres un [[muerto de hambre]]. | Esos [[muertos de hambre]] solo quieren plata. | Cállate, [[muerto de hambre]].
Eres un [[cabrón]]. | Ese [[cabrón]] del área técnica me colgó el teléfono. | ¡Qué [[cabrones]] son!
El gerente es un [[hijo de puta]]. | Son unos [[hijos de puta]]. | Cállate, [[hijo de puta]].
Eres un [[hijo de perra]]. | Esos [[hijos de perra]] contaminaron el río. | ¡Maldito [[hijo de perra]]!
Eres un [[malparido]]. | Esos [[malparidos]] del consorcio nos engañaron. | Cállate, [[malparido]].
Cállate, [[conchatumadre]]. | Eres un [[conchatumadre]]. | Esos [[conchatumadres]] nos robaron el agua.
Eres una [[mierda]] de funcionario. | Ustedes son una [[mierda]]. | El evaluador es una [[mierda]] de persona.
Eres una [[basura]]. | Esos funcionarios son una [[basura]]. | Gente [[basura]] como ustedes no debería trabajar en el Estado.
Son la [[escoria]] del país. | Eres una [[escoria]]. | Esa [[escoria]] de la consultora firmó el informe.
Eres una [[lacra]]. | Los políticos son unas [[lacras]]. | Esa [[lacra]] del municipio nos cobró de más.
Eres una [[rata]]. | Esas [[ratas]] del ministerio se roban todo. | ¡Cállate, [[rata]]!
Eres un [[cerdo]]. | Ese [[cerdo]] del gerente acosa a las practicantes. | Son unos [[cerdos]] corruptos.
Eres un [[burro]], no sabes sumar. | El evaluador es un [[burro]]. | ¡Qué [[burros]] son en esa oficina!
Eres una [[bestia]]. | El gerente es una [[bestia]] con sus trabajadores. | Cállate, [[bestia]].
¡Qué [[animal]] eres! | Eres un [[animal]], así no se trata a la gente. | Esos [[animales]] del sindicato destruyeron todo.
Eres un [[gusano]]. | Esos [[gusanos]] de la empresa nos mintieron. | Cállate, [[gusano]].
Eres un [[sapo]], vas a contarle todo al jefe. | Ese [[sapo]] del comité nos acusó. | Cállate, [[sapo]].
Eres una [[zorra]]. | La jefa es una [[zorra]]. | Cállate, [[zorra]].
Eres una [[perra]]. | Esa [[perra]] de la oficina no me atendió. | Cállate, [[perra]].
Eres una [[puta]]. | La vocera es una [[puta]]. | Cállate, [[puta]].
Eres un [[maricón]]. | El vocero es un [[maricón]]. | Cállate, [[maricón]].
Eres un [[marica]]. | ¡Qué [[marica]] eres! | Esos [[maricas]] del ministerio no hacen nada.
El vocero es un [[cabro]]. | Eres un [[cabro]]. | Cállate, [[cabro]].
Eres un [[rosquete]]. | Ese [[rosquete]] del Senace no contesta. | ¡Qué [[rosquete]] eres!
Eres un [[retrasado]]. | El evaluador es un [[retrasado]] mental. | ¡Qué [[retrasados]] son!
Eres un [[mongolo]]. | Esos [[mongolos]] del municipio no entienden. | Cállate, [[mongolo]].
Eres un [[subnormal]]. | El jefe es un [[subnormal]]. | Cállate, [[subnormal]].
Cállate, [[cholo]] de mierda. | Eres un [[cholo]] igualado. | Esos [[cholos]] apestosos no saben nada.
Eres un [[indio]] ignorante. | Cállate, [[india]] de mierda. | Esos [[indios]] no entienden nada de proyectos.
Cállate, [[serrano]] de mierda. | Eres un [[serrano]] ignorante. | ¡Qué [[serrano]] eres!
Eres un [[igualado]]. | ¡Qué [[igualada]] eres! | Cállate, [[igualado]].
Eres un [[chupamedias]] del gerente. | Esos [[chupamedias]] del ministro aplauden todo. | Cállate, [[chupamedias]].
Son unos [[ayayeros]] del gobierno. | Eres un [[ayayero]]. | Cállate, [[ayayero]].
Eres un [[terruco]]. | Esos [[terrucos]] nos quieren engañar. | Cállate, [[terruco]].
Eres un [[pastrulo]]. | Ese [[pastrulo]] del comité siempre está drogado. | Cállate, [[pastrulo]].
Eres un [[fumón]]. | El vocero es un [[fumón]]. | Cállate, [[fumón]].
Eres un [[borracho]]. | El alcalde es un [[borracho]]. | Esos [[borrachos]] del municipio no trabajan.
Son unos [[vagos]], nunca están en la oficina. | Eres un [[vago]]. | Cállate, [[vaga]].
Eres un [[ratero]]. | Esos [[rateros]] del municipio se llevaron la plata. | ¡[[Rateros]]! Devuelvan lo que se llevaron.
Eres un [[coimero]]. | Esos [[coimeros]] del ministerio no tienen vergüenza. | ¡[[Coimeros]]!
Eres un [[corrupto]]. | Son unos [[corruptos]]. | Cállate, [[corrupto]].
Eres un [[ladrón]]. | ¡[[Ladrones]]! | El gerente es un [[ladrón]].
Eres un [[sinvergüenza]]. | ¡Qué [[sinvergüenzas]] son! | Cállate, [[sinvergüenza]].
Eres un [[desgraciado]]. | Esos [[desgraciados]] nos dejaron sin agua. | ¡Cállate, [[desgraciada]]!
Eres un [[miserable]]. | Esos [[miserables]] se burlan de la comunidad. | Cállate, [[miserable]].
Eres un [[canalla]]. | Son unos [[canallas]]. | El gerente es un [[canalla]].
Eres un [[patán]]. | El vigilante es un [[patán]]. | ¡Qué [[patán]] eres!
Eres un [[gil]]. | ¡Qué [[gil]] eres! | Esos [[giles]] del municipio firmaron todo.
Eres un [[cagón]]. | ¡Qué [[cagones]] son, no dan la cara! | El ministro es un [[cagón]].
Eres un [[pelotudo]]. | ¡Qué [[pelotuda]] eres! | Cállate, [[pelotudo]].
Eres un [[gilipollas]]. | El jefe es un [[gilipollas]]. | Cállate, [[gilipollas]].
Eres un [[mamarracho]]. | Ese [[mamarracho]] del ministerio no sabe nada. | ¡Qué [[mamarracho]] eres!
Eres un [[energúmeno]]. | El dirigente es un [[energúmeno]]. | Cállate, [[energúmeno]].
Eres un [[analfabeto]]. | El evaluador es un [[analfabeto]]. | Esos [[analfabetos]] del ministerio no saben redactar.
Eres un [[facho]]. | Esos [[fachos]] del Congreso no nos representan. | Cállate, [[facho]].
Eres una [[cucaracha]]. | Esas [[cucarachas]] del gobierno se esconden. | Cállate, [[cucaracha]].
Eres un [[demente]]. | El alcalde es un [[demente]]. | Cállate, [[demente]].
Eres un [[bruto]]. | ¡Qué [[bruto]] eres! | El evaluador es un [[bruto]].
Eres un [[asno]]. | El jefe es un [[asno]]. | ¡Qué [[asno]] eres!
Eres un [[majadero]]. | El vigilante es un [[majadero]]. | Cállate, [[majadero]].
Eres un [[hipócrita]]. | ¡[[Hipócritas]]! | La ministra es una [[hipócrita]].
Eres un [[mentiroso]]. | ¡[[Mentirosos]]! | El vocero es un [[mentiroso]].
Eres un [[parásito]] del Estado. | Son unos [[parásitos]]. | Cállate, [[parásito]].
Eres una [[sabandija]]. | Esa [[sabandija]] del consorcio nos engañó. | Cállate, [[sabandija]].
Eres un [[piojoso]]. | Esos [[piojosos]] no deberían opinar. | Cállate, [[piojoso]].
Eres un [[vendido]]. | ¡[[Vendidos]]! | El dirigente es un [[vendido]] a la minera.
Esos [[tombos]] nos golpearon en la marcha. | Eres un [[tombo]] corrupto. | Cállate, [[tombo]].
Eres un [[lameculos]]. | Esos [[lameculos]] del gerente aplauden todo. | Cállate, [[lameculos]].
Eres un [[degenerado]]. | El profesor es un [[degenerado]]. | Cállate, [[degenerado]].
";

/// Words that look like insults but are ordinary here: animals, food, places, things.
const ORDINARY: &str = "
El perro de mi vecino ladra toda la noche.
Vacunamos a la perra y a sus cachorros en la campaña veterinaria.
El perro pastor cuida las ovejas en la puna.
El recojo de basura se realiza los martes y jueves.
La basura del campamento minero se clasifica antes de su disposición final.
Los trabajadores del relleno sanitario separan la basura reciclable.
Probé la concha de abanico a la parmesana en Chorrillos.
Las conchas de abanico de la bahía de Sechura se exportan a Europa.
El ceviche de conchas negras es típico de Tumbes.
Se detectó una rata en el almacén y se contrató el control de plagas.
El Serenazgo retiró la rata muerta del parque.
El burro carga la leña desde la chacra.
Dejé la ropa sobre el burro de planchar.
El peso bruto del cargamento es de 20 toneladas.
El producto bruto interno creció este año.
La vaca y su ternero pastan en la puna.
El zorro andino habita en la zona de influencia del proyecto.
La zorra cuida a sus crías en la madriguera.
Un loro de la Amazonía fue rescatado del tráfico ilegal.
La granja cría cerdos y gallinas para el mercado local.
Los cerdos del criadero reciben vacunas cada seis meses.
El chancho al palo es un plato típico de la sierra.
El cabrito a la norteña se prepara con chicha de jora.
La región Madre de Dios concentra la minería aurífera aluvial.
El archivo corrupto no se pudo abrir; envíelo nuevamente.
Es inútil insistir con el mismo formulario; use la nueva versión.
Los términos vagos del contrato generaron dudas.
Una vaga referencia al expediente no basta para ubicarlo.
La fauna salvaje de la reserva incluye otorongos y sachavacas.
Los operarios usan mono de trabajo y casco.
El mono choro de cola amarilla es una especie endémica.
Los choros a la chalaca se sirven con limón.
Se hallaron parásitos intestinales en los niños de la comunidad.
Las escorias de fundición se almacenan en un depósito impermeabilizado.
El payaso animó la fiesta infantil del Día del Niño.
El sapo gigante del Titicaca está en peligro de extinción.
Los gusanos de seda se crían en el valle.
La cucaracha es un vector de enfermedades en los mercados.
No manejes borracho: la campaña de seguridad vial empieza hoy.
La función de títeres se presentará en la plaza.
El animal herido fue rescatado por el Serfor.
Las mulas y otras bestias de carga transportan el mineral.
El asno doméstico es común en los Andes.
Se distribuyeron huevos y leche en los comedores populares.
La cojinova es un pescado muy apreciado en la costa.
El rendimiento del pozo fue mediocre este año.
No se puede ignorar el informe técnico.
El toro y la vaca participan en la feria ganadera.
El nuevo local de atención al ciudadano tiene buena facha.
La campaña escolar contra los piojos empieza el lunes.
";

/// The accounts of clause 7.1, written as links, bare domains and handles in ordinary posts.
const OFFICIAL: &[&str] = &[
    "Síguenos en https://www.facebook.com/SenacePeru/ para más novedades.",
    "Más información en https://twitter.com/senaceperu",
    "Visita https://www.instagram.com/senaceperu/ y mira las fotos del taller.",
    "Conoce a nuestro equipo en https://www.linkedin.com/company/senaceperu/",
    "Mira el video completo en https://www.youtube.com/user/SENACEperu",
    "Revisa las fotos de la audiencia en https://www.flickr.com/photos/senaceperu",
    "Síguenos en facebook.com/SenacePeru y en instagram.com/senaceperu.",
    "Más información en twitter.com/senaceperu y en x.com/senaceperu.",
    "Síguenos en https://x.com/senaceperu para conocer las audiencias públicas.",
    "Ofertas de empleo en linkedin.com/company/senaceperu.",
    "Todos los videos en youtube.com/user/SENACEperu y las fotos en flickr.com/photos/senaceperu.",
    "Síguenos en www.facebook.com/SenacePeru para más novedades.",
    "Síguenos en @senaceperu para más novedades.",
    "Etiqueta a @SenacePeru en tus fotos del taller.",
    "Más información en @senaceperu y en nuestra web.",
    "Nuestras cuentas oficiales: Facebook https://www.facebook.com/SenacePeru/, \
     Twitter https://twitter.com/senaceperu, Instagram https://www.instagram.com/senaceperu/, \
     LinkedIn https://www.linkedin.com/company/senaceperu/, \
     YouTube https://www.youtube.com/user/SENACEperu y Flickr https://www.flickr.com/photos/senaceperu",
];

/// Look-alike accounts that `channel/unofficial-account` reports; the account is marked.
const UNOFFICIAL: &[&str] = &[
    "Síguenos también en [[@SenacePeruOficial]] para más novedades.",
    "Más fotos del taller en [[facebook.com/senace.oficial]]",
    "Más información en [[https://www.facebook.com/senace.oficial]]",
];

#[test]
fn common_insults_addressed_to_people_are_found() {
    let lines: Vec<&str> = INSULTS.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 70, "only {} insults", lines.len());
    let (mut total, mut misses) = (0, Vec::new());
    for line in lines {
        let sentences: Vec<&str> = line.split(" | ").collect();
        assert_eq!(sentences.len(), 3, "three sentences a line: {line}");
        for marked in sentences {
            total += 1;
            let (text, insult) = unmark(marked);
            let found = lint(&text).iter().any(|f| {
                matches!(f.rule.pack.as_str(), "offensive" | "prohibited-topics")
                    && overlaps(&f.span, &insult)
            });
            if !found {
                misses.push(marked);
            }
        }
    }
    let found = total - misses.len();
    let report = format!(
        "{found}/{total} insults found; missed:\n{}",
        misses.join("\n")
    );
    println!("{report}");
    assert!(found * 100 >= total * 80, "{report}");
}

#[test]
fn ordinary_words_are_not_insults() {
    let lines: Vec<&str> = ORDINARY.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 40, "only {} sentences", lines.len());
    let mut flagged = Vec::new();
    for text in lines {
        let findings = lint(text);
        let offensive: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule.pack == "offensive")
            .collect();
        if !offensive.is_empty() {
            flagged.push(format!("{text}  → {}", describe(text, &offensive)));
        }
    }
    assert!(
        flagged.is_empty(),
        "ordinary words flagged as offensive:\n{}",
        flagged.join("\n")
    );
}

#[test]
fn official_accounts_are_never_flagged() {
    let mut flagged = Vec::new();
    for text in OFFICIAL {
        let findings = lint(text);
        let bad: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule.id.starts_with("channel/") || f.level == Level::Error)
            .collect();
        if !bad.is_empty() {
            flagged.push(format!("{text}  → {}", describe(text, &bad)));
        }
    }
    assert!(
        flagged.is_empty(),
        "official accounts flagged:\n{}",
        flagged.join("\n")
    );
}

#[test]
fn look_alike_accounts_are_flagged() {
    let mut missed = Vec::new();
    for marked in UNOFFICIAL {
        let (text, account) = unmark(marked);
        let found = lint(&text)
            .iter()
            .any(|f| f.rule.id == "channel/unofficial-account" && overlaps(&f.span, &account));
        if !found {
            missed.push(*marked);
        }
    }
    assert!(
        missed.is_empty(),
        "look-alike accounts not flagged:\n{}",
        missed.join("\n")
    );
}
