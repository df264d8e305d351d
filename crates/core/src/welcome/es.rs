//! The welcome in Spanish.

use super::WelcomeText;

/// The welcome's words in Spanish.
pub static WELCOME_ES: WelcomeText = WelcomeText {
    page_title: "Antes de su visita",
    demo_banner: "Clínica de demostración: no escriba información de salud real.",
    protocol_unapproved: "Solo para demostración: las revisiones de salud de este formulario aún no están aprobadas por la dirección médica.",
    // No "Dr."/"Dra." prefix: Spanish marks the gender, which the console does not
    // record; the credential says it.
    protocol_approved: |name, credential, date| {
        format!("Revisiones de seguridad aprobadas por {name}, {credential}, el {date}")
    },
    language_label: "Idioma",
    step_of: |n, total| format!("Paso {n} de {total}"),
    title: |clinic| format!("Le damos la bienvenida a {clinic}"),
    intro: "Antes de su visita, cuéntenos sobre usted y su salud. Sus respuestas ayudan a su profesional (el profesional de la salud que le atiende) a planificar una atención segura.",
    asks_heading: "Qué le preguntaremos",
    treatments_summary: "Qué tratamientos le interesan",
    details_summary: "Su nombre, fecha de nacimiento y datos de contacto, y una persona a quien llamar en caso de emergencia",
    treatment_questions: "Algunas preguntas sobre los tratamientos que elija",
    duration: |m| {
        if m == 1 {
            "Se tarda 1 minuto aproximadamente.".into()
        } else {
            format!("Se tarda unos {m} minutos.")
        }
    },
    privacy_heading: "Su privacidad",
    privacy_points: |clinic| {
        [
            format!("Solo el equipo de atención de {clinic} ve sus respuestas."),
            "No se envía nada hasta que firme al final. Hasta entonces puede volver atrás y cambiar cualquier respuesta.".into(),
            "Mientras completa el formulario, sus respuestas quedan solo en esta pestaña del navegador, salvo que elija guardarlas para terminar más tarde. Al firmar, sus formularios firmados van directamente a la clínica; si no tiene conexión, esperan en este dispositivo, cifrados, hasta que se puedan enviar.".into(),
        ]
    },
    start: "Empezar",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    full_date: |month, day, year| format!("{day} de {month} de {year}"),
};
