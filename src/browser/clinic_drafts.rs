//! An invited visit's draft kept by the clinic's receiver: sealed here with the key
//! from the invite link's fragment (imported non-extractable; it never leaves this
//! page), sent as `application/octet-stream` with the invite's bearer token. The
//! receiver keeps ciphertext it cannot read ([`candor_core::draft::Keeper::Clinic`]).

use candor_core::delivery::booking::Booking;
use candor_core::delivery::invite::DraftKey;
use gloo_net::http::{Request, RequestBuilder};

use super::idb::StorageError;
use super::sealed;

/// What became of a draft sent to the clinic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// The receiver keeps it.
    Saved,
    /// The invitation's forms were already sent: nothing is kept any more.
    AlreadySent,
}

/// Where and how the clinic keeps this visit's draft.
pub struct ClinicDrafts<'a> {
    /// The drafts endpoint.
    pub url: &'a str,
    /// The invite's token.
    pub token: &'a str,
    /// The draft key from the link.
    pub key: &'a DraftKey,
}

impl ClinicDrafts<'_> {
    fn request(&self, builder: RequestBuilder) -> RequestBuilder {
        builder
            .header("Authorization", &format!("Bearer {}", self.token))
            .credentials(web_sys::RequestCredentials::Omit)
            .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
            .cache(web_sys::RequestCache::NoStore)
    }

    async fn send(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> Result<gloo_net::http::Response, StorageError> {
        request
            .map_err(|_| StorageError::Failed)?
            .send()
            .await
            .map_err(|_| StorageError::Failed)
    }

    /// Seals the draft and sends it; resolves once the receiver has kept it, or has
    /// said the invitation's forms were already sent (from another device).
    pub async fn save(&self, json: &str) -> Result<Kept, StorageError> {
        let key = sealed::import_key(&self.key.0).await?;
        let bytes = sealed::seal_message(&key, json).await?;
        let body = js_sys::Uint8Array::from(&bytes[..]);
        let request = self
            .request(Request::put(self.url))
            .header("Content-Type", "application/octet-stream")
            .body(body);
        match self.send(request).await?.status() {
            204 | 200 => Ok(Kept::Saved),
            410 => Ok(Kept::AlreadySent),
            _ => Err(StorageError::Failed),
        }
    }

    /// The kept draft, opened; `None` when there is none (or it is not this link's).
    pub async fn load(&self) -> Result<Option<String>, StorageError> {
        let response = self
            .send(self.request(Request::get(self.url)).build())
            .await?;
        if response.status() != 200 {
            return Ok(None);
        }
        let bytes = response.binary().await.map_err(|_| StorageError::Failed)?;
        let key = sealed::import_key(&self.key.0).await?;
        Ok(sealed::open_message(&key, &bytes).await.ok())
    }

    /// What was booked for the invite's visit (`<drafts url>/booking`); `None` when
    /// the invite was made without an appointment, or the receiver could not say.
    pub async fn booking(&self) -> Option<Booking> {
        let url = format!("{}/booking", self.url);
        let response = self
            .send(self.request(Request::get(&url)).build())
            .await
            .ok()?;
        if response.status() != 200 {
            return None;
        }
        Booking::from_json(&response.text().await.ok()?)
    }

    /// Deletes the kept draft.
    pub async fn delete(&self) -> Result<(), StorageError> {
        self.send(self.request(Request::delete(self.url)).build())
            .await
            .map(|_| ())
    }
}
