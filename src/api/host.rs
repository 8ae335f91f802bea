//! The host (non-wasm) transport, for tests: every request is recorded, and answered by a
//! responder the test installs (per thread). Without one, requests fail as unreachable.

use std::cell::RefCell;

use super::client::{finish_secret, Request};
use super::error::{ApiError, NetworkCause};

/// A scripted answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

impl Reply {
    /// 200 with a JSON body.
    pub fn json(body: &str) -> Reply {
        Reply {
            status: 200,
            content_type: Some("application/json".to_string()),
            body: body.to_string(),
        }
    }

    /// 200 with an empty body (void mutations).
    pub fn empty() -> Reply {
        Reply {
            status: 200,
            content_type: None,
            body: String::new(),
        }
    }

    /// Any status, content type and body.
    pub fn new(status: u16, content_type: Option<&str>, body: &str) -> Reply {
        Reply {
            status,
            content_type: content_type.map(str::to_string),
            body: body.to_string(),
        }
    }
}

type Responder = Box<dyn Fn(&Request) -> Result<Reply, ApiError>>;

thread_local! {
    static RESPONDER: RefCell<Option<Responder>> = const { RefCell::new(None) };
    static SENT: RefCell<Vec<Request>> = const { RefCell::new(Vec::new()) };
}

/// Answers every request on this thread with `f`.
pub fn respond_with(f: impl Fn(&Request) -> Result<Reply, ApiError> + 'static) {
    RESPONDER.with(|r| *r.borrow_mut() = Some(Box::new(f)));
}

/// The requests sent on this thread since the last call, oldest first.
pub fn take_requests() -> Vec<Request> {
    SENT.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

pub(crate) fn send(req: Request, endpoint: &str, secret: &str) -> Result<String, ApiError> {
    let url = req.url.clone();
    let reply = RESPONDER.with(|r| r.borrow().as_ref().map(|f| f(&req)));
    SENT.with(|s| s.borrow_mut().push(req));
    match reply {
        Some(Ok(reply)) => finish_secret(
            reply.status,
            reply.content_type.as_deref(),
            reply.body,
            endpoint,
            secret,
        ),
        Some(Err(e)) => Err(e),
        None => Err(ApiError::Unreachable {
            cause: NetworkCause::Down,
            url,
        }),
    }
}
