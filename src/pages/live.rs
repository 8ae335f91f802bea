//! Live data and writes for the project, service and admin pages: polling with back-off
//! that speeds up while something deploys, writes that cannot double-fire, and forms whose
//! edits survive refreshes.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::reactive::owner::WeakOwner;

use crate::api::{ApiError, Client};
use crate::components::ErrorView;
use crate::state::poll::use_poll;
use crate::state::session::use_session;

/// The error used when the instance has no usable key any more.
pub fn no_key() -> ApiError {
    ApiError::Unauthorized {
        message: "No key for this instance".into(),
    }
}

/// The client of instance `inst` (reactive: follows the session).
pub fn use_client(inst: &str) -> Memo<Option<Client>> {
    let session = use_session();
    let inst = inst.to_string();
    Memo::new(move |_| session.client(&inst))
}

/// Data that refreshes itself: the last good answer stays while a refresh fails, and the
/// failure shows beside it.
pub struct Live<T: Send + Sync + 'static> {
    pub data: RwSignal<Option<T>>,
    pub error: RwSignal<Option<ApiError>>,
    kick: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Live<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Live<T> {}

impl<T: Send + Sync + 'static> Live<T> {
    /// Fetches again now (after a write, or from a Retry button).
    pub fn refresh(&self) {
        self.kick.try_update(|k| *k += 1);
    }
    /// Neither data nor an error yet.
    pub fn loading(&self) -> bool {
        self.data.with(Option::is_none) && self.error.with(Option::is_none)
    }
    /// The last fetch's failure, with a Retry button that fetches again.
    pub fn error_view(&self) -> impl IntoView {
        retry_view(self.error, self.kick)
    }
}

/// [`Live::error_view`] of any type of data: one view closure linked for every page.
fn retry_view(error: RwSignal<Option<ApiError>>, kick: RwSignal<u64>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <ErrorView error=e on_retry=Callback::new(move |_| kick.update(|k| *k += 1)) /> }
        })
    }
}

/// Fetches with `fetch` now and then on a poll of `base` (paused while the tab is hidden,
/// backing off after failures); while `fast` is false only every `slow_every`-th tick fetches.
/// Signals read synchronously inside `fetch` are tracked: changing them fetches again.
pub fn use_live<T, F, Fut>(
    client: Memo<Option<Client>>,
    base: Duration,
    slow_every: u64,
    fast: Signal<bool>,
    fetch: F,
) -> Live<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(Client) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let data = RwSignal::new(None::<T>);
    let live = Live {
        data,
        error: RwSignal::new(None),
        kick: RwSignal::new(0),
    };
    poll_core(
        client,
        base,
        slow_every,
        fast,
        live.kick,
        live.error,
        Rc::new(move |c| {
            // Boxed, so the future below is the same for every fetch of one type of data.
            let answer: Pin<Box<dyn Future<Output = Result<T, ApiError>>>> = Box::pin(fetch(c));
            Box::pin(async move { answer.await.map(|v| Rc::new(v) as Rc<dyn Any>) })
        }),
        // A new answer is shown unless it equals the one shown.
        Rc::new(move |v: &dyn Any| {
            if let Some(v) = v.downcast_ref::<T>() {
                if data.with_untracked(|d| d.as_ref() != Some(v)) {
                    data.set(Some(v.clone()));
                }
            }
        }),
    );
    live
}

/// An answer of any type, behind a pointer: the polling machinery (a resource and an effect,
/// some KB of wasm) is linked once for every page that polls, not once per type of data.
type Answer = Result<Rc<dyn Any>, ApiError>;
type Fetch = Rc<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Answer>>>>;

#[allow(clippy::too_many_arguments)]
fn poll_core(
    client: Memo<Option<Client>>,
    base: Duration,
    slow_every: u64,
    fast: Signal<bool>,
    kick: RwSignal<u64>,
    error: RwSignal<Option<ApiError>>,
    fetch: Fetch,
    keep: Rc<dyn Fn(&dyn Any)>,
) {
    let poll = use_poll(base);
    let slow_every = slow_every.max(1);
    let gate = Memo::new(move |prev: Option<&u64>| {
        let t = poll.tick.get();
        match prev {
            Some(p) if !fast.get() && !t.is_multiple_of(slow_every) => *p,
            _ => t,
        }
    });
    watch(
        Rc::new(move || {
            // Read, not just tracked: a memo nobody reads is never computed, so it would never
            // subscribe to the poll's tick and the poll would never fetch again.
            gate.get();
            kick.track();
            let pending = client.get().map(|c| fetch(c));
            Box::pin(async move {
                match pending {
                    Some(f) => f.await,
                    None => Err(no_key()),
                }
            })
        }),
        Rc::new(move |result| match result {
            Ok(v) => {
                poll.report(true);
                if error.with_untracked(Option::is_some) {
                    error.set(None);
                }
                keep(&*v);
            }
            Err(ApiError::Aborted) => {}
            Err(e) => {
                poll.report(false);
                error.set(Some(e));
            }
        }),
    );
}

/// Starts `start`'s future now and again whenever a signal it read (synchronously) changes,
/// and hands each answer to `answer`: one resource and one effect, linked once for every page.
fn watch(start: Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Answer>>>>, answer: Rc<dyn Fn(Answer)>) {
    let resource = LocalResource::new(move || start());
    effect(move || {
        if let Some(result) = resource.get() {
            answer(result);
        }
    });
}

/// `Effect::new(move |_| f())`: Leptos links an effect's loop once per closure; this links it
/// once, and each effect's body is called through a pointer.
pub fn effect(f: impl FnMut() + 'static) {
    effect_of(Box::new(f));
}

fn effect_of(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}

/// Calls `then` each time `active` turns false after being true (a run or build has ended:
/// fetch once more for its last lines or its end status). What
/// `Effect::new(move |was: Option<bool>| ...)` does, through the one effect `effect` links.
pub fn on_end(active: impl Fn() -> bool + 'static, then: impl Fn() + 'static) {
    let mut was = None;
    effect(move || {
        let is = active();
        if was == Some(true) && !is {
            then();
        }
        was = Some(is);
    });
}

/// What `LocalResource::new(fetch)` gives (`None` until the first answer; the last answer
/// stays while a new one loads; signals read synchronously in `fetch` are tracked), through
/// the one resource `watch` links instead of one per type.
pub fn use_fetch<T, F, Fut>(fetch: F) -> ReadSignal<Option<T>>
where
    T: Clone + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let data = RwSignal::new(None::<T>);
    watch(
        Rc::new(move || {
            let answer: Pin<Box<dyn Future<Output = T>>> = Box::pin(fetch());
            Box::pin(async move { Ok(Rc::new(answer.await) as Rc<dyn Any>) })
        }),
        Rc::new(move |result| {
            if let Some(v) = result
                .ok()
                .as_deref()
                .and_then(<dyn Any>::downcast_ref::<T>)
            {
                data.set(Some(v.clone()));
            }
        }),
    );
    data.read_only()
}

/// A list of the settings pages: `list(client)`, asked again each time `kick` changes (the
/// refused answer without a key).
pub fn use_list<T, F, Fut>(
    client: Memo<Option<Client>>,
    kick: RwSignal<u32>,
    list: F,
) -> ReadSignal<Option<Result<T, ApiError>>>
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Client) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_fetch(move || {
        kick.track();
        let asked = client.get().map(&list);
        async move { asked.ok_or_else(no_key)?.await }
    })
}

/// A write: `run` sends `f(client, input)` unless one is already in flight.
pub fn use_write<I, O, F, Fut>(client: Memo<Option<Client>>, f: F) -> Act<I, Result<O, ApiError>>
where
    I: Clone + 'static,
    O: Send + Sync + 'static,
    F: Fn(Client, I) -> Fut + 'static,
    Fut: Future<Output = Result<O, ApiError>> + 'static,
{
    use_act(
        move |input: &I| -> Pin<Box<dyn Future<Output = Result<O, ApiError>>>> {
            // Boxed: the act's own future is then the same for every write of one answer type.
            match client.get_untracked() {
                Some(c) => Box::pin(f(c, input.clone())),
                None => Box::pin(std::future::ready(Err(no_key()))),
            }
        },
    )
}

/// An asynchronous task started by `dispatch` (what Leptos's `Action::new_local` does, with
/// the same signals): `value` is the answer of the last run to finish, `pending` whether one
/// runs. Leptos's `Action` is linked once per input and output type (its dispatch, its
/// signals, its future); here only the answer's signal is typed, the rest is linked once.
pub struct Act<I: 'static, O: Send + Sync + 'static> {
    value: RwSignal<Option<O>>,
    pending: Memo<bool>,
    core: StoredValue<ActCore, LocalStorage>,
    input: PhantomData<fn(I)>,
}

impl<I: 'static, O: Send + Sync + 'static> Clone for Act<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I: 'static, O: Send + Sync + 'static> Copy for Act<I, O> {}

/// The untyped half of an `Act`: runs the input (boxed) to a future that stores its answer.
struct ActCore {
    run: Rc<dyn Fn(Box<dyn Any>) -> Pin<Box<dyn Future<Output = ()>>>>,
    in_flight: RwSignal<usize>,
    owner: Option<WeakOwner>,
}

impl<I: 'static, O: Send + Sync + 'static> Act<I, O> {
    /// Starts a run with `input` (another may be in flight: see `run_once`).
    pub fn dispatch(&self, input: I) {
        dispatch_core(self.core, Box::new(input));
    }
    /// Whether a run is in flight.
    pub fn pending(&self) -> Memo<bool> {
        self.pending
    }
    /// The answer of the last run that finished (`None` before, or once cleared).
    pub fn value(&self) -> RwSignal<Option<O>> {
        self.value
    }
}

/// An `Act` running `f(&input)` on each dispatch (the future runs in the creating owner).
pub fn use_act<I, O, F, Fut>(f: F) -> Act<I, O>
where
    I: 'static,
    O: Send + Sync + 'static,
    F: Fn(&I) -> Fut + 'static,
    Fut: Future<Output = O> + 'static,
{
    let value = RwSignal::new(None::<O>);
    let in_flight = RwSignal::new(0usize);
    let run = Rc::new(move |input: Box<dyn Any>| {
        let answer = input.downcast_ref::<I>().map(&f);
        Box::pin(async move {
            if let Some(answer) = answer {
                let o = answer.await;
                finished(in_flight);
                value.try_set(Some(o));
            }
        }) as Pin<Box<dyn Future<Output = ()>>>
    });
    Act {
        value,
        pending: Memo::new(move |_| in_flight.get() > 0),
        core: StoredValue::new_local(ActCore {
            run,
            in_flight,
            owner: Owner::current().map(|o| o.downgrade()),
        }),
        input: PhantomData,
    }
}

fn finished(in_flight: RwSignal<usize>) {
    in_flight.try_update(|n| *n = n.saturating_sub(1));
}

fn dispatch_core(core: StoredValue<ActCore, LocalStorage>, input: Box<dyn Any>) {
    let Some((run, in_flight, owner)) = core.try_with_value(|c| {
        (
            c.run.clone(),
            c.in_flight,
            c.owner.as_ref().and_then(WeakOwner::upgrade),
        )
    }) else {
        return;
    };
    let fut = untrack(|| run(input));
    in_flight.update(|n| *n += 1);
    let fut = match owner {
        Some(owner) => owner.with(|| ScopedFuture::new_untracked(fut)),
        None => ScopedFuture::new_untracked(fut),
    };
    leptos::task::spawn_local(fut);
}

/// Dispatches unless the action is in flight (a double click sends once).
pub fn run_once<I, O>(action: Act<I, O>, input: I)
where
    I: 'static,
    O: Send + Sync + 'static,
{
    if !action.pending().get_untracked() {
        action.dispatch(input);
    }
}

/// The error of an action's last run, if it failed.
pub fn failure<I, O>(action: Act<I, Result<O, ApiError>>) -> Option<ApiError>
where
    I: 'static,
    O: Clone + Send + Sync + 'static,
{
    action.value().get().and_then(Result::err)
}

/// Calls `done` when the action's last run succeeded (a dialog closes after its write).
pub fn on_success<I>(action: Act<I, Result<(), ApiError>>, done: Callback<()>)
where
    I: 'static,
{
    effect(move || {
        if let Some(Ok(())) = action.value().get() {
            done.run(());
        }
    });
}

/// A form over server data: `value` is what the user edits; it follows the server while
/// untouched and keeps the user's edits when a refresh brings new data.
pub struct Form<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    base: RwSignal<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for Form<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Form<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Form<T> {
    /// The user changed something since the last load or save.
    pub fn dirty(&self) -> bool {
        let v = self.value.get();
        v.is_some() && v != self.base.get()
    }
    /// The server has newer data than the base of the user's edit.
    pub fn stale(&self, server: &Option<T>) -> bool {
        self.dirty() && server.is_some() && *server != self.base.get()
    }
    /// Edits one field.
    pub fn edit(&self, f: impl FnOnce(&mut T)) {
        self.value.update(|v| {
            if let Some(v) = v {
                f(v)
            }
        });
    }
    /// Reads one field (tracked).
    pub fn get<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.value.with(|v| v.as_ref().map(f))
    }
    /// After a successful save: what was sent is the new base.
    pub fn saved(&self) {
        self.base.set(self.value.get_untracked());
    }
    /// Throws the edit away and shows the server's data.
    pub fn reset(&self, server: Option<T>) {
        self.base.set(server.clone());
        self.value.set(server);
    }
}

/// A form that follows `server` (derived from live data) until the user edits it.
pub fn use_form<T>(server: Signal<Option<T>>) -> Form<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let value = RwSignal::new(None::<T>);
    let base = RwSignal::new(None::<T>);
    effect(move || {
        let s = server.get();
        let untouched = value.with_untracked(|v| v.is_none() || *v == base.get_untracked());
        if untouched && s.is_some() {
            base.set(s.clone());
            value.set(s);
        }
    });
    Form { value, base }
}

/// The dialog open over a list of rows (domains, backups, schedules, destinations): adding one,
/// or editing or removing row `T`.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemDialog<T> {
    Add,
    Edit(T),
    Remove(T),
}

/// The current time in milliseconds (for "3 min ago" and running durations).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A clock that ticks every `every` while mounted, for labels like "running for 42s".
pub fn use_clock(every: Duration) -> ReadSignal<i64> {
    let (now, set_now) = signal(now_ms());
    let handle = set_interval_with_handle(
        move || {
            let _ = set_now.try_set(now_ms());
        },
        every,
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    now
}

/// A future [`join`] and [`bounded`] run.
pub type Job = Pin<Box<dyn Future<Output = ()>>>;

/// Every future to its end, concurrently.
pub async fn join(mut futures: Vec<Job>) {
    std::future::poll_fn(move |cx| {
        futures.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if futures.is_empty() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}

/// Every job to its end, `lanes` at a time (a lane takes the next job when its own ends):
/// a page's fan-out of requests, bounded. Jobs start last first.
pub async fn bounded(jobs: Vec<Job>, lanes: usize) {
    let queue = Rc::new(std::cell::RefCell::new(jobs));
    let lanes = (0..lanes)
        .map(|_| {
            let queue = queue.clone();
            Box::pin(async move {
                loop {
                    let next = queue.borrow_mut().pop();
                    match next {
                        Some(job) => job.await,
                        None => break,
                    }
                }
            }) as Job
        })
        .collect();
    join(lanes).await
}

/// What a page drew of its answers last time (src/kept.rs), from [`use_kept`].
#[derive(Clone, Copy)]
pub struct Kept(StoredValue<Option<(u64, String)>>);

impl Kept {
    /// Whether anything was kept.
    pub fn has(&self) -> bool {
        self.0.with_value(Option::is_some)
    }
    /// What the page draws before its first answer: the kept markup, marked with its age
    /// (`asking`: no failure yet), else `loading` while asking.
    pub fn before(&self, asking: bool, loading: impl FnOnce() -> AnyView) -> AnyView {
        self.0
            .with_value(|k| crate::components::before_answer(k, asking, loading))
    }
    /// The kept markup alone (a page that says its age elsewhere: [`Kept::age`]).
    pub fn markup(&self) -> AnyView {
        self.0.with_value(|k| {
            k.as_ref()
                .map(|(_, m)| crate::components::kept_markup(m))
                .into_any()
        })
    }
    /// The line of the kept markup's age.
    pub fn age(&self, asking: bool) -> AnyView {
        let text = self.0.with_value(|k| {
            k.as_ref()
                .map(|(at, _)| crate::components::age_text(*at, asking))
        });
        view! { <p class="small muted" data-test="kept-age">{text}</p> }.into_any()
    }
}

/// The page's kept markup of instance `inst` at this address, and its blocks of class `keep`
/// kept again each time `drawn` (which tracks the page's answers) says an answer is drawn.
pub fn use_kept(inst: &str, drawn: impl Fn() -> bool + 'static) -> Kept {
    let href = crate::state::location::use_route().with_untracked(|r| r.href());
    let kept = crate::state::keep::stored(inst, &href);
    let inst = inst.to_string();
    effect(move || {
        if drawn() {
            crate::state::keep::save(&inst, href.clone());
        }
    });
    Kept(StoredValue::new(kept))
}
