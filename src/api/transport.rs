//! The browser transport: gloo-net fetch with the auth header already in the request, a
//! timeout, and an abort-on-drop guard so a request is cancelled when its view goes away. The
//! first request may find its answer already on the way: index.html sends the projects
//! overview's request with the page ([`take_early`]).

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::client::{finish_secret, Method, Request, REQUEST_TIMEOUT_SECS};
use super::error::{network_error, ApiError};

/// Aborts the fetch when dropped unless disarmed (the answer was fully read).
struct AbortGuard {
    controller: Option<AbortController>,
}

impl AbortGuard {
    fn disarm(&mut self) {
        self.controller = None;
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(c) = self.controller.take() {
            c.abort();
        }
    }
}

enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Polls both futures; the first to finish wins (the other is dropped).
async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(v));
        }
        if let Poll::Ready(v) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(v));
        }
        Poll::Pending
    })
    .await
}

/// The request index.html sent while the wasm loaded (`window.skiffEarly`): the projects
/// overview's `project.all`, built there as [`super::client::Client`] builds it.
struct Early {
    response: js_sys::Promise,
    controller: Option<AbortController>,
}

thread_local! {
    static EARLY_LOOKED: Cell<bool> = const { Cell::new(false) };
}

/// The early request, for this module's first request only and only when it is exactly that
/// request (method, URL, headers: the same key to the same instance); it is then this request,
/// already on its way. Otherwise it is aborted, since nobody would read its answer. Either way
/// it is taken off the page, so the full build, started later on the same page, never sees it.
fn take_early(req: &Request) -> Option<Early> {
    if EARLY_LOOKED.with(|l| l.replace(true)) {
        return None;
    }
    let window = web_sys::window()?;
    let name = wasm_bindgen::JsValue::from_str("skiffEarly");
    let early = js_sys::Reflect::get(&window, &name)
        .ok()
        .filter(|e| e.is_object())?;
    let _ = js_sys::Reflect::delete_property(&window, &name);
    let field = |name: &str| js_sys::Reflect::get(&early, &name.into()).ok();
    let text = |name: &str| field(name).and_then(|v| v.as_string());
    let headers: Option<Vec<(String, String)>> = field("headers")
        .filter(js_sys::Array::is_array)
        .and_then(|h| {
            js_sys::Array::from(&h)
                .iter()
                .map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        });
    let controller = field("controller").and_then(|c| c.dyn_into::<AbortController>().ok());
    let response = field("response").and_then(|r| r.dyn_into::<js_sys::Promise>().ok());
    let same = req.body.is_none()
        && text("method").as_deref() == Some(req.method.as_str())
        && text("url").as_deref() == Some(req.url.as_str())
        && headers.as_ref() == Some(&req.headers);
    match response {
        Some(response) if same => Some(Early {
            response,
            controller,
        }),
        _ => {
            if let Some(c) = controller {
                c.abort();
            }
            None
        }
    }
}

fn page_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Sends `req`; returns the 2xx body text or the classified error.
pub(crate) async fn send(
    req: Request,
    endpoint: &str,
    base: &str,
    secret: &str,
) -> Result<String, ApiError> {
    // The request on its way: the page's early one, or one sent here.
    enum Sent {
        Early(js_sys::Promise),
        Here(gloo_net::http::Request),
    }
    // Reads are what pages keep asking: whether they get an answer tells whether the instance
    // is reachable (a write's failure is said by the write itself).
    let read = matches!(req.method, Method::Get);
    let (sent, controller) = match take_early(&req) {
        Some(early) => (Sent::Early(early.response), early.controller),
        None => {
            let controller = AbortController::new().ok();
            let signal = controller.as_ref().map(AbortController::signal);
            let method = match req.method {
                Method::Get => HttpMethod::GET,
                Method::Post => HttpMethod::POST,
            };
            // Never follow a redirect: the key goes only to the instance's own address.
            let mut builder = RequestBuilder::new(&req.url)
                .method(method)
                .redirect(web_sys::RequestRedirect::Manual)
                .abort_signal(signal.as_ref());
            for (name, value) in &req.headers {
                builder = builder.header(name, value);
            }
            let built = match req.body {
                Some(body) => builder.body(body),
                None => builder.build(),
            };
            match built {
                Ok(r) => (Sent::Here(r), controller),
                Err(e) => {
                    return Err(ApiError::Decode {
                        endpoint: endpoint.to_string(),
                        detail: format!("could not build the request: {e}"),
                    })
                }
            }
        }
    };
    let mut guard = AbortGuard { controller };

    let exchange = async move {
        let response = match sent {
            Sent::Here(request) => request.send().await.map_err(|_| ())?,
            Sent::Early(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
                .map(Response::from)
                .ok_or(())?,
        };
        if response.type_() == web_sys::ResponseType::Opaqueredirect {
            return Ok((0, None, String::new()));
        }
        let status = response.status();
        let content_type = response.headers().get("content-type");
        // The body as bytes, copied into wasm in one go and checked as UTF-8 there: much
        // cheaper than `text()`, whose UTF-16 string is re-encoded into wasm by JS glue
        // (scripts/bench: ~25 ms for a 36 KB answer on a cold page). Invalid UTF-8 is
        // replaced, as `text()` would.
        let bytes = response.binary().await.map_err(|_| ())?;
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok::<_, ()>((status, content_type, text))
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(REQUEST_TIMEOUT_SECS * 1000);

    let answer = race(exchange, timeout).await;
    // Whether the instance answered at all (any status), for the offline banner.
    if read {
        crate::state::reach::report(base, matches!(answer, Either::Left(Ok(_))));
    }
    match answer {
        Either::Left(Ok((0, _, _))) => {
            guard.disarm();
            Err(ApiError::Redirected {
                url: base.to_string(),
            })
        }
        Either::Left(Ok((status, content_type, text))) => {
            guard.disarm();
            finish_secret(status, content_type.as_deref(), text, endpoint, secret)
        }
        Either::Left(Err(())) => {
            guard.disarm();
            Err(network_error(&page_href(), base))
        }
        // The guard aborts the fetch on the way out.
        Either::Right(()) => Err(ApiError::Timeout {
            seconds: REQUEST_TIMEOUT_SECS,
        }),
    }
}
