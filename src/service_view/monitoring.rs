//! The figures Dokploy records of a service's container (`application.readAppMonitoring`, the
//! same for every kind): CPU, memory, network and disk I/O over time, as plots. Dokploy records
//! them (every 1.3 s, the last 288) only while its own Monitoring page of the service is open:
//! it reads `docker stats` for a signed-in browser over a WebSocket, which an API key cannot open.

use serde_json::Value;

use super::advanced::scaled;
use super::time::parse_iso;
use crate::api::ApiError;

/// What a plot's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Hundredths of a percent of one CPU.
    Percent,
    Bytes,
}

/// One plot: up to two lines (name, points of time in ms and value).
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    pub title: &'static str,
    pub what: &'static str,
    pub unit: Unit,
    pub lines: Vec<(&'static str, Vec<(i64, u64)>)>,
    /// The memory the container may use (its limit, else the server's).
    pub total: Option<u64>,
}

impl Plot {
    /// The first and last time of the plot.
    pub fn span(&self) -> Option<(i64, i64)> {
        let times = self.lines.iter().flat_map(|l| l.1.iter().map(|p| p.0));
        Some((times.clone().min()?, times.max()?))
    }

    /// The largest value drawn (the total where one is known), at least 1.
    pub fn top(&self) -> u64 {
        let most = self
            .lines
            .iter()
            .flat_map(|l| l.1.iter().map(|p| p.1))
            .max();
        self.total.max(most).unwrap_or(0).max(1)
    }

    /// A line as an SVG path in a `w` × `h` box (time along, value up).
    pub fn path(&self, line: usize, w: i64, h: i64) -> String {
        let (Some((t0, t1)), Some(l)) = (self.span(), self.lines.get(line)) else {
            return String::new();
        };
        let top = self.top() as i64;
        let mut d = String::new();
        for (i, &(t, v)) in l.1.iter().enumerate() {
            let x = (t - t0) * w / (t1 - t0).max(1);
            let y = h - (v as i64).min(top) * h / top;
            d.push_str(&format!("{}{x},{y}", if i == 0 { 'M' } else { 'L' }));
        }
        d
    }
}

/// A value in its unit: `2.35 %`, `120 MB`, `1.5 GB`, `800 KB`.
pub fn label(unit: Unit, v: u64) -> String {
    match unit {
        Unit::Percent => format!("{}.{:02} %", v / 100, v % 100),
        Unit::Bytes => {
            let (scale, name) = match v {
                0..1024 => (1, "B"),
                1024..1_048_576 => (1024, "KB"),
                1_048_576..1_073_741_824 => (1_048_576, "MB"),
                _ => (1_073_741_824, "GB"),
            };
            let tenths = v * 10 / scale;
            match tenths % 10 {
                0 => format!("{} {name}", tenths / 10),
                f => format!("{}.{f} {name}", tenths / 10),
            }
        }
    }
}

/// `2.35%` as hundredths of a percent.
fn percent(text: &str) -> Option<u64> {
    scaled(text.trim().trim_end_matches('%'), 100)
}

/// `120.5MiB`, `1.944GiB`, `800kB` as bytes.
fn bytes(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let factor = match unit.trim() {
        "" | "B" => 1,
        "kB" | "KB" => 1000,
        "KiB" => 1024,
        "MB" => 1_000_000,
        "MiB" => 1 << 20,
        "GB" => 1_000_000_000,
        "GiB" => 1 << 30,
        "TiB" => 1 << 40,
        _ => return None,
    };
    scaled(num, factor)
}

/// Megabytes as Dokploy stores network and disk I/O (a number, decimal MB) as bytes.
fn megabytes(v: &Value) -> Option<u64> {
    v.as_f64().filter(|f| *f >= 0.0).map(|f| (f * 1e6) as u64)
}

/// The points of `series` whose value `read` reads.
fn points(stats: &Value, series: &str, read: impl Fn(&Value) -> Option<u64>) -> Vec<(i64, u64)> {
    stats[series]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((parse_iso(p["time"].as_str()?)?, read(&p["value"])?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The plots of Dokploy's answer, those with figures only: empty when it has recorded none.
pub fn plots(stats: &Value) -> Vec<Plot> {
    let text = |f: fn(&str) -> Option<u64>| move |v: &Value| f(v.as_str()?);
    let total = stats["memory"]
        .as_array()
        .and_then(|a| a.last())
        .and_then(|p| bytes(p["value"]["total"].as_str()?));
    let all = [
        Plot {
            title: "CPU",
            what: "Share of one CPU the container used (above 100 % on several).",
            unit: Unit::Percent,
            lines: vec![("CPU", points(stats, "cpu", text(percent)))],
            total: None,
        },
        Plot {
            title: "Memory",
            what: "Memory the container used, under what it may use.",
            unit: Unit::Bytes,
            lines: vec![(
                "Used",
                points(stats, "memory", |v| bytes(v["used"].as_str()?)),
            )],
            total,
        },
        Plot {
            title: "Network",
            what: "Received and sent since the container started.",
            unit: Unit::Bytes,
            lines: vec![
                (
                    "Received",
                    points(stats, "network", |v| megabytes(&v["inputMb"])),
                ),
                (
                    "Sent",
                    points(stats, "network", |v| megabytes(&v["outputMb"])),
                ),
            ],
            total: None,
        },
        Plot {
            title: "Disk I/O",
            what: "Read and written since the container started.",
            unit: Unit::Bytes,
            lines: vec![
                ("Read", points(stats, "block", |v| megabytes(&v["readMb"]))),
                (
                    "Written",
                    points(stats, "block", |v| megabytes(&v["writeMb"])),
                ),
            ],
            total: None,
        },
    ];
    all.into_iter()
        .filter(|p| p.lines.iter().any(|l| !l.1.is_empty()))
        .collect()
}

/// Dokploy could not reach Docker (the recorded `connect ENOENT /var/run/docker.sock`, or
/// `Cannot connect to the Docker daemon`).
pub fn no_docker(e: &ApiError) -> bool {
    matches!(e, ApiError::Server { message, .. }
        if message.contains("docker.sock") || message.contains("Docker daemon"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats() -> Value {
        serde_json::json!({
            "cpu": [
                {"value": "2.35%", "time": "2026-12-03T10:00:00.000Z"},
                {"value": "4.5%", "time": "2026-12-03T10:00:01.300Z"},
                {"value": "bad", "time": "2026-12-03T10:00:02.600Z"}
            ],
            "memory": [
                {"value": {"used": "120.5MiB", "total": "1.944GiB"}, "time": "2026-12-03T10:00:00.000Z"},
                {"value": {"used": "130MiB", "total": "1.944GiB"}, "time": "2026-12-03T10:00:01.300Z"}
            ],
            "block": [],
            "network": [{"value": {"inputMb": 1.5, "outputMb": 0.25}, "time": "2026-12-03T10:00:00.000Z"}],
            "disk": []
        })
    }

    #[test]
    fn dokploys_figures_become_plots() {
        let p = plots(&stats());
        let titles: Vec<_> = p.iter().map(|p| p.title).collect();
        assert_eq!(titles, ["CPU", "Memory", "Network"]);
        let t0 = parse_iso("2026-12-03T10:00:00.000Z").unwrap();
        assert_eq!(p[0].lines[0].1, vec![(t0, 235), (t0 + 1300, 450)]);
        assert_eq!(p[1].lines[0].1[0].1, 126_353_408);
        assert_eq!(p[1].total, Some(2_087_354_105));
        assert_eq!(p[2].lines[0].1, vec![(t0, 1_500_000)]);
        assert_eq!(p[2].lines[1].1, vec![(t0, 250_000)]);
        assert_eq!(p[0].span(), Some((t0, t0 + 1300)));
    }

    #[test]
    fn nothing_recorded_is_no_plot() {
        assert!(plots(&serde_json::json!({"cpu": [], "memory": []})).is_empty());
        assert!(plots(&Value::Null).is_empty());
    }

    #[test]
    fn lines_fit_their_box() {
        let p = &plots(&stats())[0];
        assert_eq!(p.top(), 450);
        assert_eq!(p.path(0, 600, 120), "M0,58L600,0");
        assert_eq!(p.path(3, 600, 120), "");
        // Memory is drawn under the container's total.
        let m = &plots(&stats())[1];
        assert_eq!(m.top(), 2_087_354_105);
    }

    #[test]
    fn values_read_in_their_unit() {
        assert_eq!(label(Unit::Percent, 235), "2.35 %");
        assert_eq!(label(Unit::Percent, 5), "0.05 %");
        assert_eq!(label(Unit::Bytes, 512), "512 B");
        assert_eq!(label(Unit::Bytes, 800 * 1024), "800 KB");
        assert_eq!(label(Unit::Bytes, 126_353_408), "120.5 MB");
        assert_eq!(label(Unit::Bytes, 3 << 30), "3 GB");
    }

    #[test]
    fn docker_missing_is_recognised() {
        let e = ApiError::Server {
            status: 500,
            message: "connect ENOENT /var/run/docker.sock".into(),
        };
        assert!(no_docker(&e));
        assert!(!no_docker(&ApiError::Server {
            status: 500,
            message: "boom".into()
        }));
    }
}
