//! The HTTPS request that sends a text message through the clinic's SMS provider,
//! described by a template file (`--sms-gateway FILE`) so that no provider is built in:
//! the URL, how the receiver signs in, whether the body is a form or JSON, its fields
//! with `{{to}}`, `{{to_digits}}` and `{{text}}` in their values, and optionally what in
//! the answer says the provider accepted the message. Secrets are never in the file:
//! it names the environment variables that hold them.
//!
//! Twilio, for example (README, "Invitations by text message"):
//!
//! ```json
//! {
//!   "url": "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json",
//!   "auth": { "basic": { "user": "AC0123", "password_env": "CANDOR_SMS_TOKEN" } },
//!   "body": "form",
//!   "fields": { "To": "{{to}}", "From": "+15550100", "Body": "{{text}}" }
//! }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// A gateway template as written in its file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Where to `POST` (`https://` only); `{{to}}` and `{{to_digits}}` may appear.
    pub url: String,
    /// How the receiver signs in.
    #[serde(default)]
    pub auth: Auth,
    /// How the fields are sent.
    #[serde(default)]
    pub body: BodyKind,
    /// The body's fields: name and value, with the placeholders in values.
    pub fields: BTreeMap<String, String>,
    /// What in a `2xx` answer's JSON says the message was accepted (for providers that
    /// answer `200` to a refused message, such as Vonage); without it, any `2xx` does.
    #[serde(default)]
    pub accepted: Option<Accepted>,
}

/// How the receiver signs in to the gateway; each secret is read from the named
/// environment variable when the receiver starts.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// No sign-in (a gateway on the clinic's own network).
    #[default]
    None,
    /// HTTP Basic: a user and the variable holding the password.
    Basic {
        /// The user (Twilio's account SID, Vonage's API key).
        user: String,
        /// The environment variable holding the password.
        password_env: String,
    },
    /// `Authorization: Bearer`, with the variable holding the token.
    Bearer {
        /// The environment variable holding the token.
        token_env: String,
    },
    /// A header of the provider's own, with the variable holding its value.
    Header {
        /// The header's name (`X-Api-Key`).
        name: String,
        /// The environment variable holding its value.
        value_env: String,
    },
}

/// How the fields are sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/x-www-form-urlencoded` (Twilio, Vonage).
    #[default]
    Form,
    /// A JSON object of strings.
    Json,
}

/// A value in the answer that says the message was accepted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// A JSON pointer (RFC 6901) into the answer (`/messages/0/status`).
    pub pointer: String,
    /// The text it must hold (`0`).
    pub equals: String,
}

/// A template read and checked, with its secret.
#[derive(Clone, Debug)]
pub struct Gateway {
    template: Template,
    secret: Option<String>,
}

/// A request ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The URL, placeholders filled.
    pub url: String,
    /// The headers to add (sign-in, content type).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

/// What the gateway's answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Accepted.
    Accepted,
    /// The credentials were refused (401, 403).
    Refused,
    /// The number or the message was refused (another 4xx, or a 2xx without the
    /// accepted value).
    Rejected,
    /// The gateway failed or is busy (5xx, 429): try again.
    Failed,
}

impl Gateway {
    /// Reads the template in `text`, taking its secret from `env` (the process's
    /// environment, or a test's).
    ///
    /// # Errors
    /// What is wrong, naming the field or the variable (never a secret's value).
    pub fn read(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Gateway, String> {
        let template: Template = serde_json::from_str(text).map_err(|e| {
            format!(
                "the SMS gateway template does not read at line {}, column {}: {}",
                e.line(),
                e.column(),
                without_values(&e.to_string())
            )
        })?;
        if !template.url.starts_with("https://") {
            return Err("the SMS gateway template's url must start with https://".to_owned());
        }
        if !template.fields.values().any(|v| v.contains("{{text}}")) {
            return Err(
                "the SMS gateway template's fields must put {{text}} in one of them".to_owned(),
            );
        }
        if !template
            .fields
            .values()
            .any(|v| v.contains("{{to}}") || v.contains("{{to_digits}}"))
            && !template.url.contains("{{to")
        {
            return Err(
                "the SMS gateway template must put {{to}} or {{to_digits}} in a field or the url"
                    .to_owned(),
            );
        }
        if let Some(a) = &template.accepted
            && !a.pointer.starts_with('/')
        {
            return Err("the SMS gateway template's accepted.pointer must be a JSON pointer (/messages/0/status)".to_owned());
        }
        let variable = match &template.auth {
            Auth::None => None,
            Auth::Basic { password_env, .. } => Some(password_env),
            Auth::Bearer { token_env } => Some(token_env),
            Auth::Header { value_env, .. } => Some(value_env),
        };
        let secret = match variable {
            Some(name) => Some(env(name).filter(|v| !v.is_empty()).ok_or_else(|| {
                format!("the SMS gateway template's secret is read from {name}, which is not set")
            })?),
            None => None,
        };
        Ok(Gateway { template, secret })
    }

    /// The request that sends `text` to `to` (E.164, `+` and digits).
    pub fn prepare(&self, to: &str, text: &str) -> Prepared {
        let digits = to.trim_start_matches('+');
        let fill = |value: &str, encode: bool| {
            let (to, digits) = if encode {
                (url_encoded(to), url_encoded(digits))
            } else {
                (to.to_owned(), digits.to_owned())
            };
            value
                .replace("{{to_digits}}", &digits)
                .replace("{{to}}", &to)
                .replace("{{text}}", text)
        };
        let fields: Vec<(&String, String)> = self
            .template
            .fields
            .iter()
            .map(|(name, value)| (name, fill(value, false)))
            .collect();
        let (content_type, body) = match self.template.body {
            BodyKind::Form => (
                "application/x-www-form-urlencoded",
                fields
                    .iter()
                    .map(|(name, value)| format!("{}={}", url_encoded(name), url_encoded(value)))
                    .collect::<Vec<_>>()
                    .join("&"),
            ),
            BodyKind::Json => (
                "application/json",
                serde_json::Value::Object(
                    fields
                        .iter()
                        .map(|(name, value)| {
                            ((*name).clone(), serde_json::Value::from(value.as_str()))
                        })
                        .collect(),
                )
                .to_string(),
            ),
        };
        let mut headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
        match (&self.template.auth, &self.secret) {
            (Auth::Basic { user, .. }, Some(password)) => {
                use base64::Engine as _;
                let pair =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                headers.push(("Authorization".to_owned(), format!("Basic {pair}")));
            }
            (Auth::Bearer { .. }, Some(token)) => {
                headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
            }
            (Auth::Header { name, .. }, Some(value)) => headers.push((name.clone(), value.clone())),
            _ => {}
        }
        Prepared {
            url: fill(&self.template.url, true),
            headers,
            body,
        }
    }

    /// What the gateway's answer (`status` and its body) means.
    pub fn answer(&self, status: u16, body: &str) -> Answer {
        match status {
            200..=299 => match &self.template.accepted {
                None => Answer::Accepted,
                Some(a) => {
                    let found = serde_json::from_str::<serde_json::Value>(body)
                        .ok()
                        .and_then(|v| {
                            v.pointer(&a.pointer).map(|v| match v {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                        });
                    if found.as_deref() == Some(a.equals.as_str()) {
                        Answer::Accepted
                    } else {
                        Answer::Rejected
                    }
                }
            },
            401 | 403 => Answer::Refused,
            429 | 500..=599 => Answer::Failed,
            _ => Answer::Rejected,
        }
    }
}

/// `serde_json`'s message without the value it quotes (a template may hold a number).
fn without_values(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join("…")
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn url_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWILIO: &str = r#"{
        "url": "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json",
        "auth": { "basic": { "user": "AC0123", "password_env": "SMS_TOKEN" } },
        "body": "form",
        "fields": { "To": "{{to}}", "From": "+15550100", "Body": "{{text}}" }
    }"#;

    const VONAGE: &str = r#"{
        "url": "https://rest.nexmo.com/sms/json",
        "auth": { "basic": { "user": "key1", "password_env": "SMS_TOKEN" } },
        "fields": { "to": "{{to_digits}}", "from": "Lumen", "text": "{{text}}" },
        "accepted": { "pointer": "/messages/0/status", "equals": "0" }
    }"#;

    fn env(name: &str) -> Option<String> {
        (name == "SMS_TOKEN").then(|| "s3cret".to_owned())
    }

    #[test]
    fn twilios_template_makes_a_signed_form_post() {
        let gateway = Gateway::read(TWILIO, env).unwrap();
        let p = gateway.prepare(
            "+15552718281",
            "Lumen: your forms & link https://x.example/#invite=a.b",
        );
        assert_eq!(
            p.url,
            "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json"
        );
        assert_eq!(
            p.body,
            "Body=Lumen%3A%20your%20forms%20%26%20link%20https%3A%2F%2Fx.example%2F%23invite%3Da.b&From=%2B15550100&To=%2B15552718281"
        );
        assert!(p.headers.contains(&(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into()
        )));
        assert!(
            p.headers
                .contains(&("Authorization".into(), "Basic QUMwMTIzOnMzY3JldA==".into()))
        );
        assert_eq!(gateway.answer(201, r#"{"sid":"SM1"}"#), Answer::Accepted);
        assert_eq!(gateway.answer(401, ""), Answer::Refused);
        assert_eq!(gateway.answer(400, ""), Answer::Rejected);
        assert_eq!(gateway.answer(503, ""), Answer::Failed);
        assert_eq!(gateway.answer(429, ""), Answer::Failed);
    }

    #[test]
    fn vonages_answer_is_read_for_its_status() {
        let gateway = Gateway::read(VONAGE, env).unwrap();
        assert!(
            gateway
                .prepare("+34612345678", "hola")
                .body
                .contains("to=34612345678")
        );
        assert_eq!(
            gateway.answer(200, r#"{"messages":[{"status":"0"}]}"#),
            Answer::Accepted
        );
        assert_eq!(
            gateway.answer(200, r#"{"messages":[{"status":"4"}]}"#),
            Answer::Rejected
        );
        assert_eq!(gateway.answer(200, "not json"), Answer::Rejected);
    }

    #[test]
    fn a_json_body_and_a_header_of_the_providers_own() {
        let gateway = Gateway::read(
            r#"{"url":"https://sms.example/v1/send","auth":{"header":{"name":"X-Api-Key","value_env":"SMS_TOKEN"}},"body":"json","fields":{"to":"{{to}}","message":"{{text}}"}}"#,
            env,
        )
        .unwrap();
        let p = gateway.prepare("+15552718281", "say \"hi\"");
        assert_eq!(p.body, r#"{"message":"say \"hi\"","to":"+15552718281"}"#);
        assert!(p.headers.contains(&("X-Api-Key".into(), "s3cret".into())));
    }

    #[test]
    fn a_bad_template_is_named_by_its_field_and_never_shows_a_secret() {
        let problem = |text: &str| Gateway::read(text, env).unwrap_err();
        assert!(
            problem(&TWILIO.replace("https://api", "http://api"))
                .contains("url must start with https://")
        );
        assert!(problem(&TWILIO.replace("{{text}}", "hello")).contains("{{text}}"));
        assert!(problem(&TWILIO.replace("{{to}}", "+1555")).contains("{{to}}"));
        assert!(
            problem(&TWILIO.replace("SMS_TOKEN", "OTHER_VAR"))
                .contains("read from OTHER_VAR, which is not set")
        );
        assert!(problem(&TWILIO.replace("\"body\"", "\"bodie\"")).contains("unknown field"));
        let leaked = Gateway::read(
            &TWILIO.replace("\"body\": \"form\"", "\"body\": \"s3cret-ish\""),
            env,
        )
        .unwrap_err();
        assert!(!leaked.contains("s3cret-ish"), "{leaked}");
    }
}
