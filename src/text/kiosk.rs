//! The words of kiosk mode: the enrolment screen, the start and hand-back screens,
//! "Are you still there?" and the staff panel, in each language.

use candor_core::kiosk::PinProblem;

/// Kiosk mode's words in one language.
pub struct KioskText {
    /// Enrolment screen heading.
    pub enrol_title: &'static str,
    /// Who the enrolment screen is for and what it does.
    pub enrol_intro: &'static str,
    /// Label of the PIN box.
    pub pin_label: &'static str,
    /// Hint under it.
    pub pin_hint: &'static str,
    /// Label of the second PIN box.
    pub pin_again_label: &'static str,
    /// What is wrong with the PIN being set.
    pub pin_problem: fn(PinProblem) -> &'static str,
    /// The enrol button.
    pub enrol_button: &'static str,
    /// While enrolling.
    pub enrolling: &'static str,
    /// The code was refused.
    pub enrol_refused: &'static str,
    /// The receiver could not be reached.
    pub enrol_offline: &'static str,
    /// This browser cannot keep a device key.
    pub enrol_no_storage: &'static str,
    /// Start screen heading, when the clinic sets none.
    pub start_title: fn(&str) -> String,
    /// Start screen line, when the clinic sets none.
    pub start_message: &'static str,
    /// Label of the language choice on the start screen.
    pub start_language: &'static str,
    /// The big button.
    pub tap_to_begin: &'static str,
    /// Hand-back heading.
    pub handback_title: &'static str,
    /// Hand-back instruction.
    pub handback_return: &'static str,
    /// How to get a copy of what was signed (a kiosk cannot hand one over).
    pub handback_copy: &'static str,
    /// The forms were received, at a time when the receipt gave one.
    pub handback_received: fn(Option<super::ClockTime>) -> String,
    /// The forms are on the tablet, to be sent.
    pub handback_saved: &'static str,
    /// The forms need staff.
    pub handback_staff: &'static str,
    /// The screen clears itself in some seconds.
    pub handback_countdown: fn(u32) -> String,
    /// Clear now.
    pub handback_finish: &'static str,
    /// Paper chosen on a kiosk.
    pub paper_return: &'static str,
    /// The idle dialog's heading.
    pub still_there_title: &'static str,
    /// What happens when nobody answers, with the seconds left.
    pub still_there_body: fn(u32) -> String,
    /// The same when the visit reached its time cap.
    pub still_there_cap: fn(u32) -> String,
    /// The dialog's button.
    pub still_there_continue: &'static str,
    /// The discreet staff control (long press).
    pub staff_control: &'static str,
    /// The PIN dialog's heading.
    pub staff_pin_title: &'static str,
    /// Open the staff panel.
    pub staff_open: &'static str,
    /// Close a staff dialog.
    pub staff_close: &'static str,
    /// A wrong PIN.
    pub staff_wrong_pin: &'static str,
    /// Too many wrong PINs: the seconds to wait.
    pub staff_pin_wait: fn(u32) -> String,
    /// The staff panel's heading.
    pub staff_title: &'static str,
    /// "Tablet".
    pub staff_device: &'static str,
    /// "Forms waiting to be sent".
    pub staff_waiting: &'static str,
    /// How many of them were refused.
    pub staff_refused: fn(usize) -> String,
    /// "Oldest waiting".
    pub staff_oldest: &'static str,
    /// An age in minutes.
    pub staff_minutes: fn(i64) -> String,
    /// "Last problem".
    pub staff_last_error: &'static str,
    /// An error code in words.
    pub staff_error: fn(&str) -> String,
    /// Nothing.
    pub staff_none: &'static str,
    /// Send now.
    pub staff_retry: &'static str,
    /// Clear the visit.
    pub staff_reset: &'static str,
    /// Shown alone while a wiped tablet waits to load the start screen.
    pub waiting_for_connection: &'static str,
}

/// "1 second", "20 seconds".
fn seconds(s: u32) -> String {
    if s == 1 {
        "1 second".into()
    } else {
        format!("{s} seconds")
    }
}

/// "1 segundo", "20 segundos".
fn segundos(s: u32) -> String {
    if s == 1 {
        "1 segundo".into()
    } else {
        format!("{s} segundos")
    }
}

/// English.
pub const KIOSK_EN: KioskText = KioskText {
    enrol_title: "Set up this tablet as a kiosk",
    enrol_intro: "For clinic staff. This tablet will sign every patient's forms with a key that never leaves it, and the clinic's server will know it by the name it was given. Choose a staff PIN: you will need it to see the tablet's status or to clear a visit.",
    pin_label: "Staff PIN",
    pin_hint: "4 to 8 digits. Keep it from patients.",
    pin_again_label: "Type the staff PIN again",
    pin_problem: |p| match p {
        PinProblem::NotFourToEightDigits => "Enter 4 to 8 digits.",
        PinProblem::Different => "The two PINs are not the same.",
    },
    enrol_button: "Enroll this tablet",
    enrolling: "Enrolling…",
    enrol_refused: "This enrollment link is unknown, already used or expired. Make a new one with: candor-receiver kiosk enrol",
    enrol_offline: "The clinic's server could not be reached. Check the connection and try again.",
    enrol_no_storage: "This browser cannot keep a device key here (private browsing, or a page inside another site). Open the link in the tablet's own browser.",
    start_title: |clinic| format!("Welcome to {clinic}"),
    // Each promise here is shown by tests/e2e/kiosk.spec.ts: the wipe at the end of a
    // visit, and a form signed offline kept sealed until the clinic has it, then gone.
    start_message: "Your health questions and consent forms, in private. Your answers are cleared from this tablet when you finish; signed forms stay on it, encrypted, only until the clinic receives them.",
    start_language: "Language",
    tap_to_begin: "Tap to begin",
    handback_title: "Thank you",
    handback_return: "Please return the tablet to the front desk.",
    handback_copy: "If you would like a copy of what you signed, ask the front desk: the clinic keeps the signed forms.",
    handback_received: |at| match at {
        Some(at) => format!(
            "Your forms were received by the clinic at {}.",
            at.twelve_hour()
        ),
        None => "Your forms were received by the clinic.".into(),
    },
    handback_saved: "Your forms are saved on this tablet, encrypted, and will be sent to the clinic by themselves.",
    handback_staff: "The front desk needs to look at your forms with you.",
    handback_countdown: |s| format!("This screen clears itself in {}.", seconds(s)),
    handback_finish: "Finish now",
    paper_return: "Please return the tablet to the front desk and ask for paper forms.",
    still_there_title: "Are you still there?",
    still_there_body: |s| {
        format!(
            "To keep your answers private, this visit will be cleared in {}.",
            seconds(s)
        )
    },
    still_there_cap: |s| {
        format!(
            "This visit has taken a long time. To keep your answers private, it will be cleared in {} unless you continue.",
            seconds(s)
        )
    },
    still_there_continue: "Continue",
    staff_control: "Staff (press and hold)",
    staff_pin_title: "Staff PIN",
    staff_open: "Open",
    staff_close: "Close",
    staff_wrong_pin: "That PIN is not right.",
    staff_pin_wait: |s| format!("Too many wrong PINs. Try again in {}.", seconds(s)),
    staff_title: "Tablet status",
    staff_device: "Tablet",
    staff_waiting: "Forms waiting to be sent",
    staff_refused: |n| format!("{n} refused by the clinic's server"),
    staff_oldest: "Oldest waiting",
    staff_minutes: |m| match m {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        _ => format!("{m} minutes"),
    },
    staff_last_error: "Last problem",
    staff_error: |code| {
        match code {
        "kiosk_revoked" => "This tablet was revoked by the clinic, so its forms are refused. Give the patient paper forms; enroll the tablet again if it is back in the clinic's hands.".into(),
        "kiosk_unknown" => "The clinic's server does not know this tablet. Enroll it again (candor-receiver kiosk enrol).".into(),
        "no_answer" => "No connection to the clinic's server; the forms are sent when it is back.".into(),
        "rate_limited" => "The clinic's server asked to wait; the forms are sent after the wait.".into(),
        other => format!("The clinic's server answered: {other}."),
    }
    },
    staff_none: "none",
    staff_retry: "Send now",
    staff_reset: "Clear this visit",
    waiting_for_connection: "Please return the tablet to the front desk. It starts again as soon as it is connected.",
};

/// Spanish.
pub const KIOSK_ES: KioskText = KioskText {
    enrol_title: "Configurar esta tableta como quiosco",
    enrol_intro: "Para el personal de la clínica. Esta tableta firmará los formularios de cada paciente con una clave que nunca sale de ella, y el servidor de la clínica la conocerá por el nombre que se le dio. Elija un PIN de personal: lo necesitará para ver el estado de la tableta o borrar una visita.",
    pin_label: "PIN de personal",
    pin_hint: "De 4 a 8 dígitos. No lo comparta con pacientes.",
    pin_again_label: "Escriba de nuevo el PIN de personal",
    pin_problem: |p| match p {
        PinProblem::NotFourToEightDigits => "Escriba de 4 a 8 dígitos.",
        PinProblem::Different => "Los dos PIN no son iguales.",
    },
    enrol_button: "Registrar esta tableta",
    enrolling: "Registrando…",
    enrol_refused: "Este enlace de registro no existe, ya se usó o caducó. Cree uno nuevo con: candor-receiver kiosk enrol",
    enrol_offline: "No se pudo conectar con el servidor de la clínica. Revise la conexión e inténtelo de nuevo.",
    enrol_no_storage: "Este navegador no puede guardar una clave de dispositivo aquí (navegación privada, o una página dentro de otro sitio). Abra el enlace en el navegador de la tableta.",
    start_title: |clinic| format!("Le damos la bienvenida a {clinic}"),
    start_message: "Sus preguntas de salud y formularios de consentimiento, en privado. Sus respuestas se borran de esta tableta al terminar; los formularios firmados se quedan en ella, cifrados, solo hasta que la clínica los recibe.",
    start_language: "Idioma",
    tap_to_begin: "Toque para empezar",
    handback_title: "Gracias",
    handback_return: "Devuelva la tableta en recepción, por favor.",
    handback_copy: "Si desea una copia de lo que firmó, pídala en recepción: la clínica guarda los formularios firmados.",
    handback_received: |at| match at {
        Some(at) => format!("La clínica recibió sus formularios {}.", at.spanish()),
        None => "La clínica recibió sus formularios.".into(),
    },
    handback_saved: "Sus formularios están guardados en esta tableta, cifrados, y se enviarán a la clínica por sí solos.",
    handback_staff: "En recepción tienen que revisar sus formularios con usted.",
    handback_countdown: |s| format!("Esta pantalla se borra sola en {}.", segundos(s)),
    handback_finish: "Terminar ahora",
    paper_return: "Devuelva la tableta en recepción y pida los formularios en papel, por favor.",
    still_there_title: "¿Sigue ahí?",
    still_there_body: |s| {
        format!(
            "Para proteger sus respuestas, esta visita se borrará en {}.",
            segundos(s)
        )
    },
    still_there_cap: |s| {
        format!(
            "Esta visita ha durado mucho. Para proteger sus respuestas, se borrará en {} si no continúa.",
            segundos(s)
        )
    },
    still_there_continue: "Continuar",
    staff_control: "Personal (mantenga presionado)",
    staff_pin_title: "PIN de personal",
    staff_open: "Abrir",
    staff_close: "Cerrar",
    staff_wrong_pin: "Ese PIN no es correcto.",
    staff_pin_wait: |s| {
        format!(
            "Demasiados PIN incorrectos. Inténtelo de nuevo en {}.",
            segundos(s)
        )
    },
    staff_title: "Estado de la tableta",
    staff_device: "Tableta",
    staff_waiting: "Formularios pendientes de envío",
    staff_refused: |n| match n {
        1 => "1 rechazado por el servidor de la clínica".into(),
        n => format!("{n} rechazados por el servidor de la clínica"),
    },
    staff_oldest: "El más antiguo",
    staff_minutes: |m| match m {
        0 => "menos de un minuto".into(),
        1 => "1 minuto".into(),
        _ => format!("{m} minutos"),
    },
    staff_last_error: "Último problema",
    staff_error: |code| {
        match code {
        "kiosk_revoked" => "La clínica revocó esta tableta, así que sus formularios se rechazan. Dé al paciente formularios en papel; registre la tableta de nuevo si vuelve a manos de la clínica.".into(),
        "kiosk_unknown" => "El servidor de la clínica no conoce esta tableta. Regístrela de nuevo (candor-receiver kiosk enrol).".into(),
        "no_answer" => "Sin conexión con el servidor de la clínica; los formularios se envían cuando vuelva la conexión.".into(),
        "rate_limited" => "El servidor de la clínica pidió esperar; los formularios se envían después.".into(),
        other => format!("El servidor de la clínica respondió: {other}."),
    }
    },
    staff_none: "ninguno",
    staff_retry: "Enviar ahora",
    staff_reset: "Borrar esta visita",
    waiting_for_connection: "Devuelva la tableta en recepción, por favor. Vuelve a empezar en cuanto tenga conexión.",
};
