//! End-to-end: keeping data safe (issue #18) in headless Chromium against the release build and
//! the sandbox, whose seeded backups are: shop-db daily (healthy), blog-mysql weekly (overdue),
//! analytics-mongo (prefix `flaky-nightly`: failing), comments-db and shop-db-staging (none);
//! schedules nightly-cleanup and flaky-report on storefront; a volume backup on ghost; the
//! destinations s3-backups and flaky-r2 (unreachable). See sandbox/README.md.
//!
//! 1. Destinations: list, add (checked before sending), test in plain words, edit, delete typed.
//! 2. Database backups: the schedule in words, back up now (once, whatever the clicks) followed
//!    to its end with its log, the files in the destination, add/edit/delete.
//! 3. Schedules: run now with the run's log, a failing run said plainly, add and delete.
//! 4. Volume backups: run now, add (the volume name checked), delete.
//! 5. Health: the databases with no backup or none recent first, recent failures, every instance.
//! 6. Eras: a 2024 (v0.18.4) instance shows backups without history and nothing that would 404.
//! 7. Cron input: presets, free text described as you type, a bad field named before sending.

mod common;

use common::*;

/// Runs take a few of these; short keeps the suite quick.
const STEP: &str = "300";

async fn start() -> Sandbox {
    Sandbox::start_with(&["--deploy-step-ms", STEP]).await
}

async fn open_tab(b: &Browser, sandbox: &Sandbox, inst: &str, name: &str, tab: &str) {
    let s = sandbox.service(name).await;
    b.open(sandbox, &format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id))
        .await;
    b.wait_for("[data-test=service-title]").await;
}

#[tokio::test]
async fn destinations_are_added_tested_edited_and_deleted() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/backups")).await;
    b.wait_for_text("[data-test=destinations]", "s3-backups")
        .await;
    b.wait_for_text("[data-test=destinations]", "Cloudflare R2")
        .await;
    // The secret keys are never on the page.
    let text = b.page_text().await;
    let dests = sandbox.api("destination.all").await;
    for d in dests.as_array().unwrap() {
        let secret = d["secretAccessKey"].as_str().unwrap();
        assert!(!text.contains(secret), "a secret key is shown");
    }

    // Test: the unreachable one says why in plain words; the good one says it connected.
    let rows = b.find_all("[data-test=destination-row]").await;
    assert_eq!(rows.len(), 2);
    b.click_in("destination-row", "flaky-r2", "test-destination")
        .await;
    let result = b
        .wait_for_text("[data-test=test-result]", "could not reach")
        .await;
    let said = result.text().await.unwrap_or_default();
    assert!(said.contains("cannot be reached"), "{said}");
    b.click_in("destination-row", "s3-backups", "test-destination")
        .await;
    b.wait_for_text("[data-test=test-result]", "Connected")
        .await;

    // Add: nothing is sent until the form is right; the endpoint must be a URL.
    let created_before = sandbox.calls("destination.create").await;
    b.click("[data-test=add-destination]").await;
    b.wait_for("[data-test=destination-dialog]").await;
    b.click("[data-test=save-destination]").await;
    b.wait_for("[data-test=error-dest-name]").await;
    b.wait_for("[data-test=error-dest-bucket]").await;
    b.type_text("[data-test=dest-name]", "offsite").await;
    b.select("[data-test=dest-provider]", "Minio").await;
    b.type_text("[data-test=dest-access-key]", "minio-access")
        .await;
    b.type_text("[data-test=dest-secret-key]", "minio-secret-123")
        .await;
    b.type_text("[data-test=dest-bucket]", "offsite-backups")
        .await;
    b.type_text("[data-test=dest-endpoint]", "minio.lan:9000")
        .await;
    b.click("[data-test=save-destination]").await;
    b.wait_for_text("[data-test=error-dest-endpoint]", "https://")
        .await;
    assert_eq!(sandbox.calls("destination.create").await, created_before);
    // The secret field is masked.
    assert_eq!(
        b.attr("[data-test=dest-secret-key]", "type")
            .await
            .as_deref(),
        Some("password")
    );
    b.type_text("[data-test=dest-endpoint]", "https://minio.lan:9000")
        .await;
    b.screenshot("backups-destination-dialog").await;
    b.click("[data-test=dialog-test-destination]").await;
    b.wait_for_text(
        "[data-test=destination-dialog] [data-test=test-result]",
        "Connected",
    )
    .await;
    b.click("[data-test=save-destination]").await;
    b.wait_gone("[data-test=destination-dialog]").await;
    b.wait_for_text("[data-test=destinations]", "offsite-backups")
        .await;

    // Edit keeps the keys it did not show and renames.
    b.click_in("destination-row", "offsite", "edit-destination")
        .await;
    b.wait_for("[data-test=destination-dialog]").await;
    b.type_text("[data-test=dest-name]", "offsite-minio").await;
    b.click("[data-test=save-destination]").await;
    b.wait_gone("[data-test=destination-dialog]").await;
    b.wait_for_text("[data-test=destinations]", "offsite-minio")
        .await;
    let all = sandbox.api("destination.all").await;
    let edited = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "offsite-minio")
        .cloned()
        .expect("renamed");
    assert_eq!(edited["secretAccessKey"], "minio-secret-123");

    // Delete asks for the name.
    b.click_in("destination-row", "offsite-minio", "remove-destination")
        .await;
    b.wait_for("[data-test=confirm-input]").await;
    assert_eq!(
        b.attr("[data-test=confirm-button]", "disabled")
            .await
            .as_deref(),
        Some("true")
    );
    b.type_text("[data-test=confirm-input]", "offsite-minio")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_gone("[data-test=confirm-input]").await;
    b.wait_until("document.querySelectorAll('[data-test=destination-row]').length === 2")
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_database_backup_runs_once_with_its_log_and_files() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_tab(&b, &sandbox, &inst, "shop-db", "backups").await;
    b.wait_for_text("[data-test=backup-when]", "every day at 03:00 (UTC)")
        .await;
    b.wait_for_text("[data-test=backup]", "s3-backups").await;
    // Its past runs, the failed one among them.
    b.wait_for("[data-test=run]").await;
    assert!(
        b.texts("[data-test=run-status]")
            .await
            .iter()
            .any(|t| t.contains("Failed") || t.contains("Error")),
        "the failed run shows: {:?}",
        b.texts("[data-test=run-status]").await
    );

    // A double click starts one backup; it is followed until done.
    let before = sandbox.calls("backup.manualBackupPostgres").await;
    b.js(
        "const el = document.querySelector('[data-test=backup-now]'); el.click(); el.click(); return 1;",
        vec![],
    )
    .await;
    b.wait_for_text("[data-test=backup-now]", "Backing up")
        .await;
    b.wait_for("[data-test=backup-done]").await;
    assert_eq!(
        sandbox.calls("backup.manualBackupPostgres").await,
        before + 1
    );
    // The newest run is done; its log opens and names no secret.
    b.wait_until("(() => { const s = document.querySelector('[data-test=run-status]'); return !!s && /done|success/i.test(s.textContent) })()").await;
    b.click("[data-test=run-log]").await;
    let log = b.wait_for("[data-test=run-log-view] [data-test=log]").await;
    b.wait_until("(() => { const l = document.querySelector('[data-test=run-log-view] [data-test=log]'); return !!l && l.textContent.length > 20 && !/Loading/.test(l.textContent) })()").await;
    let text = log.text().await.unwrap_or_default();
    assert!(
        !text.contains("secret-access-key=A") && !text.contains("Pg_s3cr3t"),
        "{text}"
    );

    // The files in the destination, newest first.
    b.click("[data-test=backup-files]").await;
    b.wait_for("[data-test=backup-file]").await;
    let files = b.texts("[data-test=backup-file]").await;
    assert!(
        files[0].contains(".sql.gz") && files[0].contains("B"),
        "{files:?}"
    );
    b.screenshot("backups-database-tab").await;

    // Add: the cron is described as you type and refused before sending when wrong.
    let created = sandbox.calls("backup.create").await;
    b.click("[data-test=add-backup]").await;
    b.wait_for("[data-test=backup-dialog]").await;
    b.wait_for_text("[data-test=backup-cron-words]", "every day at 03:00 (UTC)")
        .await;
    b.select("[data-test=backup-cron-every]", "week").await;
    b.select("[data-test=backup-cron-day]", "3").await;
    assert_eq!(b.value("[data-test=backup-cron]").await, "0 3 * * 3");
    b.wait_for_text("[data-test=backup-cron-words]", "Wednesday")
        .await;
    b.type_text("[data-test=backup-cron]", "*/15 * * * *").await;
    b.wait_for_text("[data-test=backup-cron-words]", "every 15 minutes")
        .await;
    b.type_text("[data-test=backup-cron]", "0 25 * * *").await;
    b.wait_for_text("[data-test=error-backup-cron]", "hour")
        .await;
    b.type_text("[data-test=backup-prefix]", "shop/hourly")
        .await;
    b.click("[data-test=save-backup]").await;
    b.wait_for("[data-test=error-backup-cron]").await;
    assert_eq!(sandbox.calls("backup.create").await, created);
    b.screenshot("backups-add-dialog").await;
    b.type_text("[data-test=backup-cron]", "0 * * * *").await;
    b.click("[data-test=save-backup]").await;
    b.wait_gone("[data-test=backup-dialog]").await;
    b.wait_until("document.querySelectorAll('[data-test=backup]').length === 2")
        .await;
    b.wait_for_text("[data-test=backups]", "every hour").await;

    // Delete asks for its prefix.
    b.click_in("backup", "shop/hourly", "remove-backup").await;
    b.type_text("[data-test=confirm-input]", "shop/hourly")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("document.querySelectorAll('[data-test=backup]').length === 1")
        .await;

    // A failing backup says why, with the keys hidden.
    open_tab(&b, &sandbox, &inst, "analytics-mongo", "backups").await;
    b.click("[data-test=backup-now]").await;
    let failed = b.wait_for("[data-test=backup-failed]").await;
    let said = failed.text().await.unwrap_or_default();
    assert!(!said.trim().is_empty());
    b.close().await;
}

#[tokio::test]
async fn schedules_run_with_their_log() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_tab(&b, &sandbox, &inst, "storefront", "schedules").await;
    b.wait_for_text("[data-test=schedules]", "nightly-cleanup")
        .await;
    b.wait_for_text("[data-test=schedule-when]", "every day at 02:00")
        .await;
    b.wait_for_text("[data-test=schedule-line]", "npm run cleanup")
        .await;

    // Run now: its run is followed, and its log opens by itself.
    b.click_in("schedule", "nightly-cleanup", "schedule-run")
        .await;
    b.wait_for("[data-test=schedule-run-done]").await;
    b.wait_for("[data-test=run-log-view] [data-test=log]").await;
    // The failing one says so.
    b.click_in("schedule", "flaky-report", "schedule-run").await;
    b.wait_for("[data-test=schedule-run-failed]").await;
    b.screenshot("backups-schedules-tab").await;

    // Add one, with its zone in the description.
    b.click("[data-test=add-schedule]").await;
    b.wait_for("[data-test=schedule-dialog]").await;
    b.click("[data-test=save-schedule]").await;
    b.wait_for("[data-test=error-schedule-name]").await;
    b.wait_for("[data-test=error-schedule-command]").await;
    b.type_text("[data-test=schedule-name]", "weekly-report")
        .await;
    b.type_text("[data-test=schedule-command]", "node report.js")
        .await;
    b.type_text("[data-test=schedule-zone]", "Europe/Berlin")
        .await;
    b.select("[data-test=schedule-cron-every]", "week").await;
    b.wait_for_text("[data-test=schedule-cron-words]", "(Europe/Berlin)")
        .await;
    b.click("[data-test=save-schedule]").await;
    b.wait_gone("[data-test=schedule-dialog]").await;
    b.wait_for_text("[data-test=schedules]", "weekly-report")
        .await;
    let id = sandbox.service("storefront").await.id;
    let list = sandbox
        .api(&format!("schedule.list?id={id}&scheduleType=application"))
        .await;
    let made = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "weekly-report")
        .cloned()
        .unwrap();
    assert_eq!(made["timezone"], "Europe/Berlin");
    assert_eq!(made["cronExpression"], "0 3 * * 0");

    // Delete, typed.
    b.click_in("schedule", "weekly-report", "remove-schedule")
        .await;
    b.type_text("[data-test=confirm-input]", "weekly-report")
        .await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("![...document.querySelectorAll('[data-test=schedule-title]')].some(e => e.textContent.includes('weekly-report'))").await;
    b.close().await;
}

#[tokio::test]
async fn volume_backups_run_and_are_checked() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_tab(&b, &sandbox, &inst, "ghost", "volumes").await;
    b.wait_for_text("[data-test=volume-backup]", "ghost-content")
        .await;
    b.wait_for_text("[data-test=volume-when]", "every day at 05:00")
        .await;
    let before = sandbox.calls("volumeBackups.runManually").await;
    b.click("[data-test=volume-run]").await;
    b.wait_until("[...document.querySelectorAll('[data-test=run-status]')].length >= 2")
        .await;
    assert_eq!(sandbox.calls("volumeBackups.runManually").await, before + 1);

    b.click("[data-test=add-volume-backup]").await;
    b.wait_for("[data-test=volume-dialog]").await;
    b.type_text("[data-test=volume-name]", "uploads").await;
    b.type_text("[data-test=volume-volume]", "-bad name").await;
    b.type_text("[data-test=volume-prefix]", "ghost/uploads")
        .await;
    b.click("[data-test=save-volume-backup]").await;
    b.wait_for_text("[data-test=error-volume-volume]", "letter or digit")
        .await;
    b.type_text("[data-test=volume-volume]", "ghost-uploads")
        .await;
    b.click("[data-test=save-volume-backup]").await;
    b.wait_gone("[data-test=volume-dialog]").await;
    b.wait_until("document.querySelectorAll('[data-test=volume-backup]').length === 2")
        .await;
    b.screenshot("backups-volumes-tab").await;
    b.click_in("volume-backup", "ghost-uploads", "remove-volume-backup")
        .await;
    b.type_text("[data-test=confirm-input]", "uploads").await;
    b.click("[data-test=confirm-button]").await;
    b.wait_until("document.querySelectorAll('[data-test=volume-backup]').length === 1")
        .await;
    b.close().await;
}

#[tokio::test]
async fn health_lists_unprotected_databases_first() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    b.open(&sandbox, &format!("#/i/{inst}/backups")).await;
    b.wait_until("document.querySelectorAll('[data-test=health-row]').length >= 6 && !/still looking/.test(document.querySelector('[data-test=health-summary]').textContent)").await;
    let rows = b.texts("[data-test=health-row]").await;
    let health: Vec<String> = serde_json::from_value(
        b.js(
            "return [...document.querySelectorAll('[data-test=health-row]')].map(r => r.dataset.health);",
            vec![],
        )
        .await,
    )
    .unwrap();
    let find = |name: &str| {
        rows.iter()
            .position(|r| r.contains(name))
            .unwrap_or_else(|| panic!("{name} not in {rows:?}"))
    };
    assert_eq!(health[find("comments-db")], "No backup");
    assert_eq!(health[find("shop-db-staging")], "No backup");
    assert_eq!(health[find("analytics-mongo")], "Failing");
    assert_eq!(health[find("blog-mysql")], "Overdue");
    assert_eq!(health[find("shop-db ")], "OK");
    assert!(find("comments-db") < find("analytics-mongo"));
    assert!(find("analytics-mongo") < find("blog-mysql"));
    assert!(find("blog-mysql") < find("shop-db "));
    b.wait_for_text("[data-test=health-summary]", "need attention")
        .await;
    b.wait_for("[data-test=failure]").await;
    b.screenshot("backups-instance").await;

    // Kept between visits: coming back within a minute asks no database again.
    let asked = sandbox.calls("postgres.one").await;
    b.go(&format!("#/i/{inst}/projects")).await;
    b.go(&format!("#/i/{inst}/backups")).await;
    b.wait_for("[data-test=health-row]").await;
    assert_eq!(sandbox.calls("postgres.one").await, asked);

    // Every instance: the ones needing attention.
    b.go("#/backups").await;
    b.wait_for_text("[data-test=instance-backups]", "comments-db")
        .await;
    b.screenshot("backups-all-instances").await;
    b.close().await;

    let phone = Browser::start_with(PHONE).await;
    let inst = phone.connect(&sandbox).await;
    phone.open(&sandbox, &format!("#/i/{inst}/backups")).await;
    phone.wait_for("[data-test=health-row]").await;
    phone.wait_for("[data-test=destination-row]").await;
    phone.screenshot("backups-instance-phone").await;
    open_tab(&phone, &sandbox, &inst, "shop-db", "backups").await;
    phone.wait_for("[data-test=run]").await;
    phone.screenshot("backups-database-tab-phone").await;
    phone.click("[data-test=add-backup]").await;
    phone.wait_for("[data-test=backup-cron-words]").await;
    phone.screenshot("backups-add-dialog-phone").await;
    open_tab(&phone, &sandbox, &inst, "storefront", "schedules").await;
    phone.wait_for("[data-test=run]").await;
    phone.screenshot("backups-schedules-tab-phone").await;
    open_tab(&phone, &sandbox, &inst, "ghost", "volumes").await;
    phone.wait_for("[data-test=run]").await;
    phone.screenshot("backups-volumes-tab-phone").await;
    phone.go("#/backups").await;
    phone
        .wait_for("[data-test=instance-backups] [data-test=health-row]")
        .await;
    phone.screenshot("backups-all-instances-phone").await;
    phone.close().await;
}

/// A 2024 instance's service (its services hang on the project): `#/i/{inst}/{kind}/{id}/{tab}`.
async fn open_legacy(b: &Browser, sandbox: &Sandbox, inst: &str, name: &str, tab: &str) {
    for p in sandbox.projects().await {
        for (field, kind) in [("applications", "application"), ("postgres", "postgres")] {
            for svc in p[field].as_array().into_iter().flatten() {
                if svc["name"] == name {
                    let id = svc[format!("{kind}Id")].as_str().unwrap_or_default();
                    b.open(sandbox, &format!("#/i/{inst}/{kind}/{id}/{tab}"))
                        .await;
                    b.wait_for("[data-test=service-title]").await;
                    return;
                }
            }
        }
    }
    panic!("no legacy service {name}");
}

#[tokio::test]
async fn a_2024_instance_shows_only_what_it_has() {
    let sandbox = Sandbox::start_with(&["--legacy", "--deploy-step-ms", STEP]).await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_legacy(&b, &sandbox, &inst, "shop-db", "backups").await;
    b.wait_for_text("[data-test=backup-when]", "every day at 03:00")
        .await;
    b.wait_for_text("[data-test=backups]", "keeps no history")
        .await;
    assert!(!b.exists("[data-test=volume-backups]").await);
    assert!(!b.exists("[data-test=backup-files]").await);
    b.click("[data-test=backup-now]").await;
    b.wait_for("[data-test=backup-done]").await;
    // An application has no Schedules or Volume backups tab.
    open_legacy(&b, &sandbox, &inst, "storefront", "").await;
    let tabs = b.page_text().await;
    assert!(!tabs.contains("Schedules") && !tabs.contains("Volume backups"));
    b.open(&sandbox, &format!("#/i/{inst}/backups")).await;
    b.wait_for_text("[data-test=backup-health]", "keeps no history")
        .await;
    b.wait_for("[data-test=health-row]").await;
    // No run history: the last good backup is not guessed.
    b.wait_for_text("[data-test=health-row]", "not recorded")
        .await;
    b.screenshot("backups-legacy").await;
    for p in [
        "schedule.list",
        "volumeBackups.list",
        "deployment.allByType",
        "backup.listBackupFiles",
        "overview.backups",
    ] {
        assert_eq!(
            sandbox.calls(p).await,
            0,
            "{p} was asked of a v0.18.4 instance"
        );
    }
    b.close().await;
}

#[tokio::test]
async fn a_failed_save_keeps_what_was_typed() {
    let sandbox = start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;
    open_tab(&b, &sandbox, &inst, "storefront", "schedules").await;
    b.wait_for_text("[data-test=schedules]", "nightly-cleanup")
        .await;
    sandbox.set_faults("schedule.create:500:1").await;
    b.click("[data-test=add-schedule]").await;
    b.type_text("[data-test=schedule-name]", "reindex").await;
    b.type_text("[data-test=schedule-command]", "npm run reindex")
        .await;
    b.type_text("[data-test=schedule-cron]", "*/30 * * * *")
        .await;
    b.click("[data-test=save-schedule]").await;
    b.wait_for("[data-test=schedule-dialog] .alert--error")
        .await;
    // Nothing typed is lost; saving again once Dokploy answers creates it.
    assert_eq!(b.value("[data-test=schedule-name]").await, "reindex");
    assert_eq!(
        b.value("[data-test=schedule-command]").await,
        "npm run reindex"
    );
    assert_eq!(b.value("[data-test=schedule-cron]").await, "*/30 * * * *");
    b.screenshot("backups-schedule-save-failed").await;
    sandbox.set_faults("").await;
    b.click("[data-test=save-schedule]").await;
    b.wait_gone("[data-test=schedule-dialog]").await;
    b.wait_for_text("[data-test=schedules]", "reindex").await;
    b.wait_for_text("[data-test=schedules]", "every 30 minutes")
        .await;
    b.close().await;
}
