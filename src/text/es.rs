//! Español.

use super::Text;
use candor_core::answers::AnswerProblem as A;
use candor_core::{DatePrecision, DetailsField as F, Problem as P, ReactionSeverity as S};

/// La interfaz en español.
pub static ES: Text = Text {
    kiosk: &super::KIOSK_ES,
    welcome: &candor_core::welcome::WELCOME_ES,
    back: "Atrás",
    continue_: "Continuar",
    back_to_review: "Guardar y volver a la revisión",
    optional: "(opcional)",
    yes: "Sí",
    no: "No",
    remove: "Quitar",
    error_summary_title: "Hay un problema",
    problems_announcement: |n| {
        if n == 1 {
            "Hay 1 respuesta que corregir.".into()
        } else {
            format!("Hay {n} respuestas que corregir.")
        }
    },
    error_prefix: "Error: ",

    treatments_title: "¿Para qué viene?",
    treatments_intro: "Elija todos los tratamientos para los que tiene cita o sobre los que quiere hablar. Puede cambiarlo después.",
    product_legend: |treatment| format!("{treatment}: ¿sabe qué producto quiere?"),
    product_hint: "Algunos productos convienen más a unas personas que a otras. Si no lo sabe, su profesional lo elegirá con usted.",
    product_not_sure: "No lo sé: lo elegiré con mi profesional",
    draft_offer: "Guardar mis respuestas en este dispositivo durante 3 días para terminar más tarde",
    draft_offer_hint: "Se guardan cifradas solo en este dispositivo y se borran cuando envía sus formularios, elige papel o empieza de nuevo, o pasados 3 días. No lo elija en un dispositivo que usen otras personas.",
    draft_unavailable: "Este navegador no puede guardar sus respuestas en este dispositivo, así que complete el formulario de una sola vez: no se guardan si cierra la página.",
    draft_failed: "En este momento no se pudieron guardar sus respuestas en este dispositivo. Puede continuar: se conservan mientras esta página esté abierta.",
    draft_offer_invited: "Guardar mis respuestas durante 3 días para terminar más tarde, en este u otro dispositivo, con mi enlace de invitación",
    draft_offer_invited_hint: "Se guardan cifradas con una clave que solo está en su enlace, así que la clínica no puede leerlas hasta que envíe sus formularios. Se borran cuando envía sus formularios, elige papel o empieza de nuevo, o pasados 3 días.",
    draft_sent_elsewhere: "Los formularios de esta invitación ya se enviaron desde otro dispositivo, así que sus respuestas ya no se guardan. Pregunte en recepción si hay que cambiar algo.",
    draft_failed_invited: "En este momento no se pudieron guardar sus respuestas para más tarde (¿sin conexión?). Puede continuar: se conservan mientras esta página esté abierta.",
    welcome_back_title: "Le damos la bienvenida de nuevo",
    welcome_back_intro: |saved| {
        format!(
            "¿Seguir donde lo dejó? Sus respuestas se guardaron en este dispositivo el {saved}."
        )
    },
    welcome_back_intro_invited: |saved| {
        format!(
            "¿Seguir donde lo dejó? Sus respuestas se guardaron para su enlace de invitación el {saved}."
        )
    },
    welcome_back_check: "La clínica ha cambiado algunas preguntas desde entonces. Revise de nuevo estas secciones:",
    welcome_back_continue: "Continuar",
    welcome_back_start_again: "Empezar de nuevo",
    treatments_required: "Elija al menos un tratamiento",

    details_title: "Sus datos",
    details_intro: "Los usamos para saber quién es usted en la clínica y para comunicarnos con usted sobre su visita.",
    emergency_heading: "Contacto de emergencia",
    emergency_hint: "Una persona a quien podamos llamar si se siente mal durante su visita.",
    label: |field| match field {
        F::LegalName => "Nombre legal completo",
        F::PreferredName => "Nombre que prefiere que usemos",
        F::DateOfBirth => "Fecha de nacimiento",
        F::MobilePhone => "Número de teléfono móvil",
        F::Email => "Correo electrónico",
        F::EmergencyName => "Nombre de esa persona",
        F::EmergencyRelationship => "Qué relación tiene con usted",
        F::EmergencyPhone => "Teléfono de esa persona",
    },
    review_label: |field| match field {
        F::EmergencyName => "Nombre del contacto de emergencia",
        F::EmergencyRelationship => "Relación con usted",
        F::EmergencyPhone => "Teléfono del contacto de emergencia",
        other => (ES.label)(other),
    },
    hint: |field| match field {
        F::LegalName => Some("Tal como aparece en su identificación."),
        F::DateOfBirth => Some("Por ejemplo, 14 5 1990."),
        F::MobilePhone => Some("Solo le enviamos mensajes sobre su cita."),
        F::EmergencyRelationship => Some("Por ejemplo, pareja, madre, padre, amigo o amiga."),
        _ => None,
    },
    day: "Día",
    month: "Mes",
    year: "Año",
    age: |age| format!("Edad: {age}"),
    problem: |field, problem| match (field, problem) {
        (F::LegalName, P::Required) => "Escriba su nombre legal completo",
        (F::EmergencyName, P::Required) => "Escriba el nombre de su contacto de emergencia",
        (F::MobilePhone, P::Required) => "Escriba su número de teléfono móvil",
        (F::EmergencyPhone, P::Required) => "Escriba el teléfono de su contacto de emergencia",
        (F::MobilePhone | F::EmergencyPhone, _) => {
            "Escriba un teléfono de 7 a 15 dígitos, como (555) 010-2030"
        }
        (F::Email, _) => "Escriba un correo electrónico como nombre@ejemplo.com",
        (F::DateOfBirth, P::Required) => "Escriba su fecha de nacimiento",
        (F::DateOfBirth, P::DateIncomplete) => "La fecha de nacimiento debe tener día, mes y año",
        (F::DateOfBirth, P::DateInFuture) => "La fecha de nacimiento debe ser hoy o anterior",
        (F::DateOfBirth, P::DateTooLongAgo) => "Revise el año de su fecha de nacimiento",
        (F::DateOfBirth, _) => {
            "La fecha de nacimiento debe ser una fecha real, con el año de cuatro cifras"
        }
        (_, P::TooLong) => "Esta respuesta es demasiado larga: acórtela, por favor",
        (_, _) => "Revise esta respuesta",
    },

    answer_problem: |problem| match problem {
        A::Required => "Responda a esta pregunta",
        A::DateIncomplete => "Indique al menos el mes y el año",
        A::DateNotReal => "Escriba una fecha real, con el año de cuatro cifras",
        A::DateInFuture => "La fecha debe ser hoy o anterior",
        A::NotANumber => "Escriba un número, como 3 o 2,5",
        A::OutOfRange => "Escriba un número dentro del rango permitido",
        A::MedicationName => "Escriba el nombre del medicamento o quite esta entrada",
        A::MedicationStopped => "Indique cuándo lo dejó: al menos el mes y el año",
        A::AllergySubstance => "Escriba a qué tiene alergia o quite esta entrada",
        A::AllergySeverity => "Elija la gravedad de la reacción",
    },
    date_hint: |precision| match precision {
        DatePrecision::Year => "Indique el año. Añada el mes y el día si los sabe.",
        DatePrecision::Month => {
            "Indique el mes y el año, por ejemplo 3 2025. Añada el día si lo sabe."
        }
        DatePrecision::Day => "Por ejemplo, 14 3 2025.",
    },
    fitzpatrick_result: |numeral| {
        format!(
            "Su tipo de piel estimado es el tipo {numeral} de Fitzpatrick (una escala del I al VI según cómo reacciona la piel al sol). Su profesional lo confirmará con usted."
        )
    },
    medication_heading: |n| format!("Medicamento {n}"),
    medication_name: "Nombre del medicamento o suplemento",
    medication_current: "¿Lo sigue tomando?",
    medication_still: "Sí, lo sigo tomando",
    medication_stopped: "No, lo he dejado",
    medication_stopped_when: "¿Cuándo lo dejó?",
    add_medication: "Añadir un medicamento",
    allergy_heading: |n| format!("Alergia {n}"),
    allergy_substance: "¿A qué tiene alergia?",
    allergy_reaction: "¿Qué le pasó? (opcional)",
    allergy_severity: "¿Qué gravedad tuvo la reacción?",
    severity: |s| match s {
        S::Mild => "Leve (por ejemplo, un sarpullido que pica)",
        S::Moderate => "Moderada (por ejemplo, ronchas o hinchazón)",
        S::Severe => "Grave (necesité atención médica urgente)",
        S::Anaphylaxis => {
            "Anafilaxia (dificultad para respirar, desmayo o necesité una inyección de adrenalina, como EpiPen)"
        }
    },
    severity_name: |s| match s {
        S::Mild => "Leve",
        S::Moderate => "Moderada",
        S::Severe => "Grave",
        S::Anaphylaxis => "Anafilaxia",
    },
    add_allergy: "Añadir una alergia",
    suggestions: |n| match n {
        0 => "No hay sugerencias. Puede dejar lo que escribió.".into(),
        1 => "1 sugerencia. Use la flecha hacia abajo para elegirla.".into(),
        n => format!("{n} sugerencias. Use las flechas arriba y abajo para elegir."),
    },
    body_mark_legend: "¿Qué quiere marcar?",
    body_front: "Parte delantera del cuerpo",
    body_back: "Parte trasera del cuerpo",
    body_area: |id| match id {
        "head" => "Cabeza y cara",
        "neck" => "Cuello",
        "shoulders" => "Hombros",
        "chest" => "Pecho",
        "arms" => "Brazos",
        "abdomen" => "Abdomen",
        "hands" => "Manos",
        "hips" => "Caderas",
        "thighs" => "Parte delantera de los muslos",
        "feet" => "Pies",
        "upper_back" => "Parte alta de la espalda",
        "lower_back" => "Parte baja de la espalda",
        "glutes" => "Glúteos",
        "hamstrings" => "Parte trasera de los muslos",
        "calves" => "Pantorrillas",
        "heels" => "Talones y plantas de los pies",
        _ => "Otra zona",
    },
    body_none_marked: "No hay zonas marcadas.",
    scale_hint: |min, min_label, max, max_label| {
        format!("{min} significa «{min_label}» y {max}, «{max_label}».")
    },

    review_title: "Revise sus respuestas",
    review_intro: "Compruebe que todo esté bien. Puede cambiar cualquier respuesta.",
    review_change: "Cambiar",
    review_not_given: "Sin respuesta",
    review_nothing_sent: "Todavía no se ha enviado nada.",
    treatments_heading: "Tratamientos",
    still_taking: "lo sigue tomando",
    // "el 14 de marzo de 2025", but "en marzo de 2025" and "en 2025".
    stopped_on: |precision, date| match precision {
        Some(DatePrecision::Day) => format!("lo dejó el {date}"),
        Some(_) => format!("lo dejó en {date}"),
        None => format!("fecha en que lo dejó: {date}"),
    },

    talk_heading: "Temas para hablar con su profesional",
    talk_intro: "Según sus respuestas. No es un diagnóstico: su profesional revisará cada punto con usted antes de cualquier tratamiento.",
    talk_none: "El formulario no encontró nada que señalar. Su profesional revisará igualmente todas sus respuestas con usted antes de cualquier tratamiento.",
    talk_checking: "Comprobando sus respuestas con la lista de medicamentos y alergias de la clínica\u{2026}",
    talk_offline: "No tiene conexión. Para comprobar sus medicamentos y alergias, el formulario necesita la lista de la clínica, que aún no ha llegado. Sus respuestas se conservan en esta página; la comprobación se hará en cuanto vuelva a tener conexión, y entonces podrá continuar.",
    talk_unchecked: "El formulario no pudo comprobar sus medicamentos y alergias en este dispositivo. Su profesional los revisará uno por uno con usted antes de cualquier tratamiento.",
    profile_failed_network: "Compruebe su conexión a internet y vuelva a intentarlo.",

    profile_failed_title: "Este formulario no está disponible en este momento",
    profile_failed_patient: "Pida ayuda o un formulario en papel en recepción. No se ha enviado nada de lo que escribió.",
    profile_failed_staff: |source| {
        format!(
            "Para el personal de la clínica: no se pudo usar el perfil de la clínica en {source}."
        )
    },

    review_continue: "Continuar a los formularios de consentimiento",
    disclosure_agree: "Acepto usar documentos y firmas electrónicos",
    disclosure_paper: "Prefiero usar papel",
    paper_title: "Pida formularios en papel en recepción",
    paper_body: "No se envió nada de lo que escribió, y sus respuestas se borraron de este dispositivo. Gracias.",
    sign_heading: "Su firma",
    sign_pad_label: "Panel de firma: dibuje su firma con el dedo, un lápiz táctil o el ratón. Para firmar con el teclado, elija Prefiero escribir mi nombre.",
    sign_draw: "Dibujar mi firma",
    sign_type_instead: "Prefiero escribir mi nombre",
    sign_typed_label: "Escriba su nombre completo para adoptarlo como su firma",
    sign_undo: "Deshacer",
    sign_clear: "Borrar",
    sign_printed_name: "Nombre completo de la persona que firma",
    guardian_heading: "El paciente es menor de 18 años, así que firma un padre, una madre o un tutor.",
    guardian_relationship: "Relación con el paciente",
    questions_first: "Antes quiero hacer preguntas a mi profesional",
    decline_treatment: "No deseo este tratamiento",
    decline_other: "No, gracias",
    problem_ack: "Marque la casilla para confirmar que leyó esta sección",
    problem_signature: "Dibuje su firma, o escriba su nombre completo",
    problem_printed_name: "Escriba el nombre completo de la persona que firma",
    problem_guardian: "Escriba la relación del padre, la madre o el tutor con el paciente",
    done_title: "Sus formularios firmados",
    done_intro: "Abajo tiene una copia exacta de lo que leyó y decidió. Puede imprimirla o guardarla como PDF.",
    print: "Imprimir o guardar una copia",
    decision_consented: "Firmado y aceptado",
    decision_questions: "Quiere hacer preguntas primero: sin firmar",
    decision_declined: "Rechazado: sin firmar",
    manifest_signed_by: "Firmado por",
    manifest_patient: "el paciente",
    manifest_when: "Fecha y hora",
    manifest_meaning: "Significado de esta firma",
    manifest_drawn: "Firma dibujada en pantalla",
    manifest_typed: "Nombre escrito adoptado como firma",
    acknowledged: "Leído y confirmado",
    sign_and_consent: "Firmar y dar mi consentimiento",
    sign_and_agree: "Firmar y aceptar",
    meaning_consent: |title| format!("Leí «{title}» y doy mi consentimiento."),
    manifest_guardian: |rel| format!("padre, madre o tutor ({rel})"),
    try_again: "Intentar de nuevo",
    sending: "Enviando…",
    saved_on_device: "Sus formularios firmados están guardados en este dispositivo, cifrados, y se enviarán a la clínica en cuanto haya conexión. Si cierra esta página antes, vuelva a abrir este formulario en este dispositivo para enviarlos.",
    keep_open: "Enviando… Mantenga esta página abierta hasta que indique que la clínica recibió sus formularios.",
    cannot_sign: "No se pudieron firmar sus formularios en este dispositivo. Inténtelo de nuevo; si vuelve a pasar, avise en recepción.",
    received_at: |at| match at {
        Some(at) => format!("La clínica recibió sus formularios {}.", at.spanish()),
        None => "La clínica recibió sus formularios.".into(),
    },
    needs_staff: |code| {
        format!("No se pudo enviar: muestre esta pantalla en recepción (error {code}).")
    },
    reference: |id| format!("Referencia: {id}"),
    format_date: |t, d| match (d.month, d.day) {
        (Some(m), Some(day)) => (t.welcome.full_date)(t.month_name(m), day, d.year),
        (Some(m), None) => format!("{} de {}", t.month_name(m), d.year),
        _ => d.year.to_string(),
    },
};
