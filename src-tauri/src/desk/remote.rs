//! Remote images for the preview, fetched by the app (the window's CSP
//! lets the web view load no image from the web; see
//! `postdesk_core::url::remote_image_url`). Only while the writer allows
//! remote images, only `http`/`https`, no cookies, no referrer, a bounded
//! size and time, and only answers whose bytes are an image
//! (`postdesk_core::preview::remote`). What was fetched is kept in memory
//! (bounded) so a re-render does not fetch again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use postdesk_core::preview::remote::{self, RemoteImageError, MAX_BYTES};

use super::lock;

/// Past this many bytes of fetched images, the oldest are forgotten.
const KEPT_BYTES: usize = 64 << 20;

/// One fetched image: its content type (judged by its bytes) and bytes.
pub(crate) type Image = (&'static str, Arc<Vec<u8>>);

#[derive(Default)]
pub(crate) struct RemoteImages {
    client: OnceLock<Result<reqwest::Client, String>>,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    bytes: usize,
    order: Vec<String>,
    images: HashMap<String, Image>,
}

impl RemoteImages {
    fn client(&self) -> Result<&reqwest::Client, String> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .user_agent(concat!(
                        "Postdesk/",
                        env!("CARGO_PKG_VERSION"),
                        " (preview)"
                    ))
                    .connect_timeout(Duration::from_secs(10))
                    .timeout(Duration::from_secs(30))
                    .redirect(reqwest::redirect::Policy::custom(|attempt| {
                        if attempt.previous().len() >= 5 {
                            attempt.error("more than 5 redirects")
                        } else if matches!(attempt.url().scheme(), "http" | "https") {
                            attempt.follow()
                        } else {
                            attempt.stop()
                        }
                    }))
                    .referer(false)
                    .build()
                    .map_err(|e| format!("could not set up the web client: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The image at `target`, from memory or the web.
    pub(crate) async fn get(&self, target: &reqwest::Url) -> Result<Image, String> {
        let key = target.as_str().to_owned();
        if let Some(image) = lock(&self.kept).images.get(&key) {
            return Ok(image.clone());
        }
        let mut response = self
            .client()?
            .get(target.clone())
            .send()
            .await
            .map_err(|e| format!("could not load {target}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("{target} answered {}", response.status()));
        }
        let too_large = || RemoteImageError::TooLarge { url: key.clone() }.to_string();
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BYTES as u64)
        {
            return Err(too_large());
        }
        let server_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("could not load {target}: {e}"))?
        {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mime =
            remote::image_type(&key, server_type.as_deref(), &body).map_err(|e| e.to_string())?;
        let image = (mime, Arc::new(body));
        self.keep(key, image.clone());
        Ok(image)
    }

    fn keep(&self, key: String, image: Image) {
        let mut kept = lock(&self.kept);
        kept.bytes += image.1.len();
        kept.order.push(key.clone());
        kept.images.insert(key, image);
        while kept.bytes > KEPT_BYTES && !kept.order.is_empty() {
            let oldest = kept.order.remove(0);
            if let Some((_, bytes)) = kept.images.remove(&oldest) {
                kept.bytes -= bytes.len();
            }
        }
    }
}
