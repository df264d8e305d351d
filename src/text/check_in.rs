//! The words of a check-in after a treatment, in each language. They never diagnose
//! and never reassure: what a sign means is the clinic's to say, and the words only
//! ask, tell the patient whom to call, and say where the answers stand.

/// A check-in's words in one language.
pub struct CheckInText {
    /// The document's title.
    pub page_title: &'static str,
    /// While the check-in is being opened.
    pub opening: &'static str,
    /// The screen's heading.
    pub title: &'static str,
    /// Under the heading, given the treatment's name.
    pub intro: fn(&str) -> String,
    /// The pain question.
    pub pain_legend: &'static str,
    /// Under it.
    pub pain_hint: &'static str,
    /// What 0 means.
    pub pain_none: &'static str,
    /// What 10 means.
    pub pain_worst: &'static str,
    /// The signs' question.
    pub signs_legend: &'static str,
    /// Under it.
    pub signs_hint: &'static str,
    /// The photo's label.
    pub photo_label: &'static str,
    /// Under it.
    pub photo_hint: &'static str,
    /// The preview's alternative text.
    pub photo_alt: &'static str,
    /// Remove the photo.
    pub photo_remove: &'static str,
    /// While the photo is being made smaller.
    pub photo_preparing: &'static str,
    /// The file is not a photo.
    pub photo_not_image: &'static str,
    /// The photo is still too large once made smaller.
    pub photo_too_large: &'static str,
    /// The note's label.
    pub note_label: &'static str,
    /// Under it.
    pub note_hint: &'static str,
    /// The note is too long, given its length in characters.
    pub note_too_long: fn(usize) -> String,
    /// The send button.
    pub send: &'static str,
    /// The send button when the patient was asked to call.
    pub send_too: &'static str,
    /// The alert's heading when a sign asks the patient to call the clinic.
    pub alert_clinic_title: &'static str,
    /// The alert's heading when a sign asks the patient to call emergency services,
    /// given the number.
    pub alert_emergency_title: fn(&str) -> String,
    /// Why the alert shows.
    pub alert_because: &'static str,
    /// The emergency call link's words, given the number.
    pub call_emergency: fn(&str) -> String,
    /// The emergency line without a number.
    pub call_emergency_services: &'static str,
    /// The clinic's call link's words, given the clinic's number as written.
    pub call_clinic: fn(&str) -> String,
    /// After the emergency call, the clinic too.
    pub then_clinic: &'static str,
    /// The sending line.
    pub sending: &'static str,
    /// Not sent yet: the widget keeps trying.
    pub not_sent_yet: &'static str,
    /// Try sending again now.
    pub try_again: &'static str,
    /// The receiver refused the answers, given the status (0: this browser could not
    /// make the report).
    pub refused: fn(u16) -> String,
    /// The confirmation's heading.
    pub sent_title: &'static str,
    /// The confirmation.
    pub sent_body: &'static str,
    /// The confirmation after an urgent check-in: the call is still the patient's.
    pub sent_urgent: &'static str,
    /// The check-in was already answered.
    pub completed_title: &'static str,
    /// Under it.
    pub completed_body: &'static str,
    /// Whenever worried, the clinic's number.
    pub worried: &'static str,
    /// The link is not known (replaced, or mistyped).
    pub unknown_title: &'static str,
    /// Under it.
    pub unknown_body: &'static str,
    /// The clinic could not be reached.
    pub offline_title: &'static str,
    /// Under it.
    pub offline_body: &'static str,
}

/// A check-in in English.
pub static CHECK_IN_EN: CheckInText = CheckInText {
    page_title: "Your check-in",
    opening: "Opening your check-in…",
    title: "How are you feeling after your treatment?",
    intro: |treatment| {
        format!("A few questions about your {treatment}. Your answers go to your care team.")
    },
    pain_legend: "How much pain do you have now?",
    pain_hint: "0 means no pain and 10 the worst pain you can imagine.",
    pain_none: "no pain",
    pain_worst: "worst pain",
    signs_legend: "Have you noticed any of these?",
    signs_hint: "Tick all that you have noticed. Leave them all unticked if none.",
    photo_label: "Add a photo of the treated area",
    photo_hint: "Your care team can see how it looks. The photo is made smaller on this device and sent only to the clinic.",
    photo_alt: "Your photo of the treated area",
    photo_remove: "Remove photo",
    photo_preparing: "Preparing your photo…",
    photo_not_image: "This file is not a photo. Please choose a photo.",
    photo_too_large: "This photo is too large to send, even made smaller. Please choose another photo.",
    note_label: "Anything else you want to tell your care team?",
    note_hint: "Up to 2,000 characters.",
    note_too_long: |n| {
        format!("Please shorten your note to 2,000 characters. It has {n} characters now.")
    },
    send: "Send",
    send_too: "Send your answers to the clinic too",
    alert_clinic_title: "Call the clinic now",
    alert_emergency_title: |number| format!("Call {number} now"),
    alert_because: "You ticked a sign that your clinic wants to hear about straight away.",
    call_emergency: |number| format!("Call {number}"),
    call_emergency_services: "Call emergency services now.",
    call_clinic: |phone| format!("Call the clinic: {phone}"),
    then_clinic: "Then call the clinic too.",
    sending: "Sending your answers…",
    not_sent_yet: "Not sent yet: there is no connection to the clinic. We will keep trying while this page is open.",
    try_again: "Try again",
    refused: |status| match status {
        0 => "Your answers could not be sent from this browser. Please call the clinic.".into(),
        _ => format!(
            "Your answers could not be sent (the clinic's server answered {status}). Please call the clinic."
        ),
    },
    sent_title: "Thank you",
    sent_body: "The clinic has your answers.",
    sent_urgent: "The clinic has your answers. Please still call now: sending them does not replace the call.",
    completed_title: "Thank you, the clinic has your answers",
    completed_body: "This check-in was already sent.",
    worried: "If you are worried at any time, call the clinic.",
    unknown_title: "This check-in link does not work",
    unknown_body: "It may have been replaced by a newer message. If you are worried at any time, call the clinic.",
    offline_title: "The clinic could not be reached",
    offline_body: "Please check your connection and try again.",
};

/// Un control en español.
pub static CHECK_IN_ES: CheckInText = CheckInText {
    page_title: "Su control",
    opening: "Abriendo su control…",
    title: "¿Cómo se siente después de su tratamiento?",
    intro: |treatment| {
        format!(
            "Unas preguntas sobre su tratamiento: {treatment}. Sus respuestas llegan a su equipo de atención."
        )
    },
    pain_legend: "¿Cuánto dolor tiene ahora?",
    pain_hint: "0 es nada de dolor y 10 el peor dolor que pueda imaginar.",
    pain_none: "nada de dolor",
    pain_worst: "el peor dolor",
    signs_legend: "¿Ha notado alguno de estos?",
    signs_hint: "Marque todos los que haya notado. Si no ha notado ninguno, no marque nada.",
    photo_label: "Agregar una foto de la zona tratada",
    photo_hint: "Así su equipo de atención puede ver cómo está. La foto se reduce en este dispositivo y solo se envía a la clínica.",
    photo_alt: "Su foto de la zona tratada",
    photo_remove: "Quitar la foto",
    photo_preparing: "Preparando su foto…",
    photo_not_image: "Este archivo no es una foto. Elija una foto, por favor.",
    photo_too_large: "Esta foto es demasiado grande para enviarla, aun reducida. Elija otra foto, por favor.",
    note_label: "¿Quiere decirle algo más a su equipo de atención?",
    note_hint: "Hasta 2000 caracteres.",
    note_too_long: |n| {
        format!("Acorte su nota a 2000 caracteres, por favor. Ahora tiene {n} caracteres.")
    },
    send: "Enviar",
    send_too: "Enviar también sus respuestas a la clínica",
    alert_clinic_title: "Llame a la clínica ahora",
    alert_emergency_title: |number| format!("Llame al {number} ahora"),
    alert_because: "Marcó una señal que su clínica quiere conocer de inmediato.",
    call_emergency: |number| format!("Llamar al {number}"),
    call_emergency_services: "Llame a los servicios de emergencia ahora.",
    call_clinic: |phone| format!("Llamar a la clínica: {phone}"),
    then_clinic: "Después, llame también a la clínica.",
    sending: "Enviando sus respuestas…",
    not_sent_yet: "Todavía no se enviaron: no hay conexión con la clínica. Seguiremos intentando mientras esta página esté abierta.",
    try_again: "Intentar de nuevo",
    refused: |status| {
        match status {
        0 => "No se pudieron enviar sus respuestas desde este navegador. Llame a la clínica, por favor.".into(),
        _ => format!(
            "No se pudieron enviar sus respuestas (el servidor de la clínica respondió {status}). Llame a la clínica, por favor."
        ),
    }
    },
    sent_title: "Gracias",
    sent_body: "La clínica tiene sus respuestas.",
    sent_urgent: "La clínica tiene sus respuestas. Aun así, llame ahora: enviarlas no reemplaza la llamada.",
    completed_title: "Gracias, la clínica tiene sus respuestas",
    completed_body: "Este control ya se envió.",
    worried: "Si en algún momento le preocupa algo, llame a la clínica.",
    unknown_title: "Este enlace de control no funciona",
    unknown_body: "Puede que un mensaje más reciente lo haya reemplazado. Si en algún momento le preocupa algo, llame a la clínica.",
    offline_title: "No se pudo conectar con la clínica",
    offline_body: "Revise su conexión e intente de nuevo, por favor.",
};
