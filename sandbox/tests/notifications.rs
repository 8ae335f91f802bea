//! Notifications (`notification.*`): the seeded ones, every provider created, read, updated and
//! removed with its flags, the simulated test deliveries, validation, members' access, the older
//! eras' rows and faults.

mod common;

use common::{call, get, post, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, MEMBER_KEY};

fn ok(r: &common::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect()
}

/// An empty 200, as Dokploy's void mutations answer.
fn void(r: &common::Resp) {
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.body.is_empty(), "{}", r.text());
}

fn error(r: &common::Resp) -> (u16, Value) {
    (r.status, r.json()["message"].clone())
}

const PROVIDERS: [&str; 12] = [
    "slack",
    "telegram",
    "discord",
    "email",
    "resend",
    "gotify",
    "ntfy",
    "mattermost",
    "custom",
    "lark",
    "pushover",
    "teams",
];

const FLAGS: [&str; 8] = [
    "appDeploy",
    "appBuildError",
    "databaseBackup",
    "volumeBackup",
    "dokployRestart",
    "dokployBackup",
    "dockerCleanup",
    "serverThreshold",
];

/// Every flag set, the first, third, fifth and seventh `true`.
fn flags(era: Era) -> Value {
    let mut m = serde_json::Map::new();
    for (i, f) in FLAGS.iter().enumerate() {
        if era != Era::V0_30_2 && matches!(*f, "volumeBackup" | "dokployBackup") {
            continue;
        }
        m.insert((*f).into(), json!(i % 2 == 0));
    }
    Value::Object(m)
}

/// A valid create input of each provider (the flags to be added), and the field an update
/// changes with its new value.
fn provider_input(kind: &str) -> (&'static str, Value, (&'static str, Value)) {
    match kind {
        "slack" => (
            "Slack",
            json!({"webhookUrl": "https://hooks.slack.example/x", "channel": "#ops"}),
            ("channel", json!("#deploys")),
        ),
        "telegram" => (
            "Telegram",
            json!({"botToken": "123:fake", "chatId": "-100", "messageThreadId": ""}),
            ("chatId", json!("-200")),
        ),
        "discord" => (
            "Discord",
            json!({"webhookUrl": "https://discord.example/api/webhooks/1/x", "decoration": true}),
            ("decoration", json!(false)),
        ),
        "email" => (
            "Email",
            json!({"smtpServer": "smtp.example.com", "smtpPort": 587, "username": "bot",
                   "password": "fake-pw", "fromAddress": "bot@example.com",
                   "toAddresses": ["ops@example.com"]}),
            ("toAddresses", json!(["a@example.com", "b@example.com"])),
        ),
        "resend" => (
            "Resend",
            json!({"apiKey": "re_fake", "fromAddress": "bot@example.com",
                   "toAddresses": ["ops@example.com"]}),
            ("apiKey", json!("re_fake2")),
        ),
        "gotify" => (
            "Gotify",
            json!({"serverUrl": "https://gotify.example", "appToken": "fake", "priority": 5,
                   "decoration": false}),
            ("priority", json!(8)),
        ),
        "ntfy" => (
            "Ntfy",
            json!({"serverUrl": "https://ntfy.example", "topic": "t", "accessToken": "fake",
                   "priority": 3}),
            ("topic", json!("t2")),
        ),
        "mattermost" => (
            "Mattermost",
            json!({"webhookUrl": "https://mm.example/hooks/x"}),
            ("username", json!("Dokploy Bot")),
        ),
        "custom" => (
            "Custom",
            json!({"endpoint": "https://hooks.example/x", "headers": {"X-Token": "fake"}}),
            ("headers", json!({"X-Other": "1"})),
        ),
        "lark" => (
            "Lark",
            json!({"webhookUrl": "https://open.larksuite.example/hook/x"}),
            ("webhookUrl", json!("https://open.larksuite.example/hook/y")),
        ),
        "pushover" => (
            "Pushover",
            json!({"userKey": "ukey", "apiToken": "atoken"}),
            ("priority", json!(1)),
        ),
        "teams" => (
            "Teams",
            json!({"webhookUrl": "https://teams.example/webhook"}),
            ("webhookUrl", json!("https://teams.example/webhook2")),
        ),
        other => panic!("no provider {other}"),
    }
}

fn merged(a: &Value, b: &Value) -> Value {
    let mut out = a.clone();
    for (k, v) in b.as_object().into_iter().flatten() {
        out[k] = v.clone();
    }
    out
}

#[tokio::test]
async fn the_demo_has_a_slack_and_an_ntfy_notification() {
    let h = start_default().await;
    let org = h.shared.lock().org_id();
    let all = ok(&get(h.addr, "/api/notification.all", KEY).await);
    // Newest first; the README's ids.
    assert_eq!(names(&all), ["Backups on ntfy", "Deploys to #ops"]);
    let (ntfy, slack) = (&all[0], &all[1]);
    assert_eq!(ntfy["notificationId"], "xbjdHI2SntsrS_TwE5BqC");
    assert_eq!(ntfy["ntfyId"], "mzA-MHzxvfezCr9wM8Bxs");
    assert_eq!(slack["notificationId"], "NjvGhBNji0NOfKtXeeSQS");
    assert_eq!(slack["slackId"], "N3Eu-sCtli60G1zX7Fb1c");
    // 25 columns and 12 relations, as the recordings have them.
    assert_eq!(slack.as_object().map(|o| o.len()), Some(37), "{slack}");
    assert_eq!(slack["notificationType"], "slack");
    assert_eq!(slack["organizationId"], json!(org));
    assert_eq!(
        slack["slack"],
        json!({"slackId": "N3Eu-sCtli60G1zX7Fb1c", "channel": "#ops",
               "webhookUrl": "https://hooks.slack.example/services/demo/fake-webhook-secret"})
    );
    for k in PROVIDERS.iter().filter(|k| **k != "slack") {
        assert_eq!(slack[*k], Value::Null, "{k}");
        assert_eq!(slack[format!("{k}Id")], Value::Null, "{k}Id");
    }
    assert_eq!(
        (slack["appDeploy"].clone(), slack["databaseBackup"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(ntfy["ntfy"]["priority"], 4);
    assert_eq!(ntfy["ntfy"]["accessToken"], "tk_fake-demo-ntfy-token");
    assert_eq!(ntfy["dokployBackup"], true);
    assert!(
        slack["createdAt"].as_str() < ntfy["createdAt"].as_str(),
        "the Slack one is older"
    );
    let one = ok(&get(
        h.addr,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        KEY,
    )
    .await);
    assert_eq!(&one, slack);
    // getEmailProviders: every notification, only email and resend nested, oldest first.
    let email = ok(&get(h.addr, "/api/notification.getEmailProviders", KEY).await);
    assert_eq!(names(&email), ["Deploys to #ops", "Backups on ntfy"]);
    assert_eq!(email[0]["email"], Value::Null);
    assert_eq!(email[0]["resend"], Value::Null);
    assert!(email[0].get("slack").is_none() && email[0]["slackId"].is_string());
}

#[tokio::test]
async fn every_provider_round_trips_its_flags_and_fields() {
    let h = start_default().await;
    for (i, kind) in PROVIDERS.iter().enumerate() {
        let (proc_name, fields, (key, value)) = provider_input(kind);
        let name = format!("n-{kind}");
        let input = merged(
            &merged(&flags(Era::V0_30_2), &fields),
            &json!({"name": name}),
        );
        void(
            &post(
                h.addr,
                &format!("/api/notification.create{proc_name}"),
                KEY,
                &input,
            )
            .await,
        );
        let all = ok(&get(h.addr, "/api/notification.all", KEY).await);
        assert_eq!(all.as_array().map(Vec::len), Some(i + 3), "{kind}");
        let row = all[0].clone();
        assert_eq!(row["name"], json!(name));
        assert_eq!(row["notificationType"], json!(kind));
        for (j, f) in FLAGS.iter().enumerate() {
            // Gotify's and ntfy's schemas have no serverThreshold: never set.
            let want =
                j % 2 == 0 && !(*f == "serverThreshold" && matches!(*kind, "gotify" | "ntfy"));
            assert_eq!(row[*f], json!(want), "{kind}.{f}");
        }
        let id_key = format!("{kind}Id");
        let sub = &row[*kind];
        assert_eq!(sub[&id_key], row[&id_key], "{kind}");
        for (k, v) in fields.as_object().unwrap() {
            assert_eq!(&sub[k], v, "{kind}.{k}");
        }
        match *kind {
            "mattermost" => assert_eq!(
                (sub["channel"].clone(), sub["username"].clone()),
                (Value::Null, Value::Null)
            ),
            "pushover" => assert_eq!(
                (
                    sub["priority"].clone(),
                    sub["retry"].clone(),
                    sub["expire"].clone()
                ),
                (json!(0), Value::Null, Value::Null)
            ),
            _ => {}
        }
        let nid = row["notificationId"].as_str().unwrap().to_string();
        // Update: every flag flipped, the name and one provider field.
        let mut upd = json!({"notificationId": nid, id_key.clone(): sub[&id_key], "name": format!("{name}-2")});
        for (j, f) in FLAGS.iter().enumerate() {
            upd[*f] = json!(j % 2 == 1);
        }
        upd[key] = value.clone();
        void(
            &post(
                h.addr,
                &format!("/api/notification.update{proc_name}"),
                KEY,
                &upd,
            )
            .await,
        );
        let one = ok(&get(
            h.addr,
            &format!("/api/notification.one?notificationId={nid}"),
            KEY,
        )
        .await);
        assert_eq!(one["name"], json!(format!("{name}-2")));
        assert_eq!(one[*kind][key], value, "{kind}.{key}");
        for (j, f) in FLAGS.iter().enumerate() {
            let want = if *f == "serverThreshold" && matches!(*kind, "gotify" | "ntfy") {
                false
            } else {
                j % 2 == 1
            };
            assert_eq!(one[*f], json!(want), "{kind}.{f} after update");
        }
        // The other provider fields are kept.
        for (k, v) in fields
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != key)
        {
            assert_eq!(&one[*kind][k], v, "{kind}.{k} kept");
        }
    }
    // Remove answers the notification row, without relations.
    let all = ok(&get(h.addr, "/api/notification.all", KEY).await);
    let teams = &all[0];
    let removed = ok(&post(
        h.addr,
        "/api/notification.remove",
        KEY,
        &json!({"notificationId": teams["notificationId"]}),
    )
    .await);
    assert_eq!(removed.as_object().map(|o| o.len()), Some(25));
    assert_eq!(removed["teamsId"], teams["teamsId"]);
    assert!(removed.get("teams").is_none());
    let after = ok(&get(h.addr, "/api/notification.all", KEY).await);
    assert_eq!(after.as_array().map(Vec::len), Some(13));
    // Created without flags: every flag false (the columns' defaults).
    void(
        &post(
            h.addr,
            "/api/notification.createCustom",
            KEY,
            &json!({"name": "bare", "endpoint": "https://hooks.example/bare"}),
        )
        .await,
    );
    let bare = &ok(&get(h.addr, "/api/notification.all", KEY).await)[0];
    assert!(FLAGS.iter().all(|f| bare[*f] == false), "{bare}");
    assert_eq!(bare["custom"]["headers"], Value::Null);
}

#[tokio::test]
async fn updates_fail_as_each_procedure_does() {
    let h = start_default().await;
    let slack =
        json!({"notificationId": "NjvGhBNji0NOfKtXeeSQS", "slackId": "N3Eu-sCtli60G1zX7Fb1c"});
    // No provider field: drizzle's empty set, and nothing saved (the transaction).
    let r = post(
        h.addr,
        "/api/notification.updateSlack",
        KEY,
        &merged(&slack, &json!({"name": "renamed"})),
    )
    .await;
    assert_eq!(error(&r), (500, json!("No values to set")));
    let one = ok(&get(
        h.addr,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        KEY,
    )
    .await);
    assert_eq!(one["name"], "Deploys to #ops");
    let r = post(
        h.addr,
        "/api/notification.updateSlack",
        KEY,
        &json!({"notificationId": "nope", "slackId": "x", "channel": "#x"}),
    )
    .await;
    assert_eq!(error(&r), (404, json!("Notification not found")));
    // Telegram's, Discord's, email's and Resend's catch answer their own words.
    for (proc_name, id_key) in [("Telegram", "telegramId"), ("Email", "emailId")] {
        let r = post(
            h.addr,
            &format!("/api/notification.update{proc_name}"),
            KEY,
            &json!({"notificationId": "nope", id_key: "x", "name": "x"}),
        )
        .await;
        assert_eq!(
            error(&r),
            (400, json!("Error updating the notification")),
            "{proc_name}"
        );
    }
    // A provider id of no row: the notification's fields change, the provider's row stays.
    void(
        &post(
            h.addr,
            "/api/notification.updateSlack",
            KEY,
            &json!({"notificationId": "NjvGhBNji0NOfKtXeeSQS", "slackId": "other", "channel": "#x",
                "appDeploy": false}),
        )
        .await,
    );
    let one = ok(&get(
        h.addr,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        KEY,
    )
    .await);
    assert_eq!(
        (one["appDeploy"].clone(), one["slack"]["channel"].clone()),
        (json!(false), json!("#ops"))
    );
    // Unknown ids.
    let r = get(h.addr, "/api/notification.one?notificationId=nope", KEY).await;
    assert_eq!(error(&r), (404, json!("Notification not found")));
    let r = post(
        h.addr,
        "/api/notification.remove",
        KEY,
        &json!({"notificationId": "nope"}),
    )
    .await;
    assert_eq!(error(&r), (400, json!("Notification not found")));
}

#[tokio::test]
async fn test_connections_fail_where_the_target_refuses() {
    let h = start_default().await;
    let test = |p: &str, body: Value| {
        let path = format!("/api/notification.test{p}Connection");
        async move { post(h.addr, &path, KEY, &body).await }
    };
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        (
            "Slack",
            json!({"webhookUrl": "http://127.0.0.1:9/hook", "channel": "#x"}),
            Some("Failed to send slack notification fetch failed"),
        ),
        (
            "Slack",
            json!({"webhookUrl": "not-a-url", "channel": "#x"}),
            Some("Failed to send slack notification Failed to parse URL from not-a-url"),
        ),
        (
            "Slack",
            json!({"webhookUrl": "https://hooks.slack.example/x", "channel": "#x"}),
            None,
        ),
        (
            "Discord",
            json!({"webhookUrl": "https://discord.unreachable.test/x"}),
            Some("Failed to send discord notification fetch failed"),
        ),
        (
            "Telegram",
            json!({"botToken": "x", "chatId": "1", "messageThreadId": ""}),
            None,
        ),
        (
            "Email",
            json!({"smtpServer": "127.0.0.1", "smtpPort": 9, "username": "u",
                         "password": "p", "fromAddress": "a@example.com",
                         "toAddresses": ["b@example.com"]}),
            Some("Failed to send email notification connect ECONNREFUSED 127.0.0.1:9"),
        ),
        (
            "Resend",
            json!({"apiKey": "re_x", "fromAddress": "a@example.com",
                          "toAddresses": ["b@example.com"]}),
            None,
        ),
        (
            "Gotify",
            json!({"serverUrl": "http://127.0.0.1:9", "appToken": "x", "priority": 5}),
            Some("Error testing the notification"),
        ),
        (
            "Ntfy",
            json!({"serverUrl": "http://127.0.0.1:9", "topic": "t", "accessToken": "",
                        "priority": 3}),
            Some("Error testing the notification: fetch failed"),
        ),
        (
            "Ntfy",
            json!({"serverUrl": "https://ntfy.example", "topic": "t", "accessToken": "",
                        "priority": 3}),
            None,
        ),
        (
            "Mattermost",
            json!({"webhookUrl": "http://unreachable.example/hooks/x"}),
            Some("Error testing the notification"),
        ),
        (
            "Custom",
            json!({"endpoint": "http://127.0.0.1:9/webhook"}),
            Some("fetch failed"),
        ),
        (
            "Custom",
            json!({"endpoint": "https://hooks.example/x", "headers": {"A": "b"}}),
            None,
        ),
        (
            "Lark",
            json!({"webhookUrl": "http://127.0.0.1:9/lark"}),
            None,
        ),
        (
            "Teams",
            json!({"webhookUrl": "http://127.0.0.1:9/teams"}),
            Some("Failed to send Teams notification fetch failed"),
        ),
        (
            "Pushover",
            json!({"userKey": "u", "apiToken": "t", "priority": 0}),
            None,
        ),
    ];
    for (p, body, want) in cases {
        let r = test(p, body.clone()).await;
        match want {
            Some(message) => assert_eq!(
                (error(&r), r.json()["code"].clone()),
                ((400, json!(message)), json!("BAD_REQUEST")),
                "{p} {body}"
            ),
            None => assert_eq!(ok(&r), json!(true), "{p} {body}"),
        }
    }
}

#[tokio::test]
async fn inputs_are_checked_as_dokploys_schemas_do() {
    let h = start_default().await;
    // The recorded missing fields: nonoptional flags and token, required topic and priority.
    let r = post(
        h.addr,
        "/api/notification.createNtfy",
        KEY,
        &json!({"name": "x", "serverUrl": "http://127.0.0.1:9"}),
    )
    .await;
    assert_eq!(r.status, 400);
    let fields = r.json()["data"]["zodError"]["fieldErrors"].clone();
    assert_eq!(
        fields["accessToken"],
        json!(["Invalid input: expected nonoptional, received undefined"])
    );
    assert_eq!(
        fields["topic"],
        json!(["Invalid input: expected string, received undefined"])
    );
    assert!(fields.get("serverThreshold").is_none(), "{fields}");
    // Pushover's emergency priority wants retry and expire.
    let base = merged(
        &flags(Era::V0_30_2),
        &json!({"name": "p", "userKey": "u", "apiToken": "t", "priority": 2}),
    );
    let r = post(h.addr, "/api/notification.createPushover", KEY, &base).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["issues"],
        json!([{"code": "custom", "path": ["retry"],
                "message": "Retry and expire are required for emergency priority (2)"}])
    );
    let with = merged(&base, &json!({"retry": 30, "expire": 3600}));
    void(&post(h.addr, "/api/notification.createPushover", KEY, &with).await);
    let r = post(
        h.addr,
        "/api/notification.testPushoverConnection",
        KEY,
        &json!({"userKey": "u", "apiToken": "t", "priority": 3}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["issues"][0]["code"], "too_big");
    // Mattermost's webhook is a URL; a custom webhook's headers are strings.
    let r = post(
        h.addr,
        "/api/notification.testMattermostConnection",
        KEY,
        &json!({"webhookUrl": "nope"}),
    )
    .await;
    assert_eq!(r.json()["issues"][0]["message"], "Invalid URL");
    let r = post(
        h.addr,
        "/api/notification.testCustomConnection",
        KEY,
        &json!({"endpoint": "https://x.example", "headers": {"A": 1}}),
    )
    .await;
    assert_eq!(r.json()["issues"][0]["path"], json!(["headers", "A"]));
}

#[tokio::test]
async fn members_have_no_notifications_in_v0_30_2() {
    let h = start_default().await;
    let unauthorized = (
        401,
        json!("unauthorized to access resource \"notification\""),
    );
    let r = get(h.addr, "/api/notification.all", MEMBER_KEY).await;
    assert_eq!(error(&r), unauthorized);
    let r = get(
        h.addr,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        MEMBER_KEY,
    )
    .await;
    assert_eq!(error(&r), unauthorized);
    let r = post(
        h.addr,
        "/api/notification.testSlackConnection",
        MEMBER_KEY,
        &json!({"webhookUrl": "https://x.example", "channel": "#x"}),
    )
    .await;
    assert_eq!(error(&r), unauthorized);
    let r = post(
        h.addr,
        "/api/notification.remove",
        MEMBER_KEY,
        &json!({"notificationId": "NjvGhBNji0NOfKtXeeSQS"}),
    )
    .await;
    assert_eq!(error(&r), unauthorized);
    assert_eq!(
        ok(&get(h.addr, "/api/notification.all", KEY).await)
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn older_eras_have_five_providers_and_their_columns() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let token = format!("Bearer {KEY}");
        let auth = if era == Era::V0_18_4 {
            ("Authorization", token.as_str())
        } else {
            ("x-api-key", KEY)
        };
        // Only the Slack one (no ntfy before v0.30), with the same ids.
        let all = ok(&call(&h, auth, "/api/notification.all", None).await);
        assert_eq!(names(&all), ["Deploys to #ops"], "{era:?}");
        let slack = &all[0];
        assert_eq!(slack["notificationId"], "NjvGhBNji0NOfKtXeeSQS");
        // 16 columns and 5 relations.
        assert_eq!(
            slack.as_object().map(|o| o.len()),
            Some(21),
            "{era:?}: {slack}"
        );
        assert!(slack.get("volumeBackup").is_none() && slack.get("ntfy").is_none());
        assert!(slack.get("ntfyId").is_none() && slack.get("dokployBackup").is_none());
        assert_eq!(slack["adminId"].is_string(), era == Era::V0_18_4);
        assert_eq!(slack["organizationId"].is_string(), era == Era::V0_24_12);
        let r = call(
            &h,
            auth,
            "/api/notification.createNtfy",
            Some(json!({"name": "x"})),
        )
        .await;
        assert_eq!(r.status, 404, "{era:?}: no ntfy");
        // A Telegram one: v0.18.4 has no thread.
        let mut input = merged(
            &flags(era),
            &json!({"name": "tg", "botToken": "1:fake", "chatId": "-1"}),
        );
        if era == Era::V0_24_12 {
            input["messageThreadId"] = json!("7");
        }
        void(&call(&h, auth, "/api/notification.createTelegram", Some(input)).await);
        let tg = ok(&call(&h, auth, "/api/notification.all", None).await)[0].clone();
        assert_eq!(tg["appDeploy"], true);
        assert_eq!(tg["dokployRestart"], true);
        assert_eq!(
            tg["telegram"].get("messageThreadId").is_some(),
            era == Era::V0_24_12
        );
        // The older senders swallow Slack's failures; Discord's answer the procedure's words.
        let r = call(
            &h,
            auth,
            "/api/notification.testSlackConnection",
            Some(json!({"webhookUrl": "http://127.0.0.1:9/x", "channel": "#x"})),
        )
        .await;
        assert_eq!(ok(&r), json!(true));
        let r = call(
            &h,
            auth,
            "/api/notification.testDiscordConnection",
            Some(json!({"webhookUrl": "http://127.0.0.1:9/x"})),
        )
        .await;
        assert_eq!(error(&r), (400, json!("Error testing the notification")));
        let r = call(
            &h,
            auth,
            "/api/notification.remove",
            Some(json!({"notificationId": "nope"})),
        )
        .await;
        let expected = if era == Era::V0_18_4 {
            "Error deleting this notification"
        } else {
            "Notification not found"
        };
        assert_eq!(error(&r), (400, json!(expected)));
        let emails = call(&h, auth, "/api/notification.getEmailProviders", None).await;
        if era == Era::V0_18_4 {
            assert_eq!(emails.status, 404);
        } else {
            let list = ok(&emails);
            assert!(list[0].get("resend").is_none() && list[0]["email"].is_null());
        }
    }
    // v0.24.12: a member reads one notification but lists none.
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let member = ("x-api-key", MEMBER_KEY);
    let r = call(
        &h,
        member,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        None,
    )
    .await;
    assert_eq!(ok(&r)["name"], "Deploys to #ops");
    let r = call(&h, member, "/api/notification.all", None).await;
    assert_eq!(error(&r), (401, json!("UNAUTHORIZED")));
}

#[tokio::test]
async fn faults_apply_to_notifications() {
    let h = start(Config {
        faults: "notification.all:500,notification.one:shape".into(),
        ..Config::default()
    })
    .await;
    assert_eq!(get(h.addr, "/api/notification.all", KEY).await.status, 500);
    let r = get(
        h.addr,
        "/api/notification.one?notificationId=NjvGhBNji0NOfKtXeeSQS",
        KEY,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.json().is_array(), "{}", r.text());
}
