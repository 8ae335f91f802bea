//! Remote servers (`server.all`) and their monitoring samples (`server.getServerMetrics`).
//! A server row carries its monitoring token (`metricsConfig.server.token`): Skiff keeps it
//! only to ask Dokploy for the server's metrics, as Dokploy's own page does, and never shows it.

use serde::Serialize;

use super::de::object;

/// A server of `server.all`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    pub server_id: String,
    pub name: String,
    pub description: Option<String>,
    pub ip_address: String,
    pub port: Option<u32>,
    pub username: Option<String>,
    /// `active` or `inactive` (Dokploy marks a server inactive when its plan lapses).
    pub server_status: Option<String>,
    /// `deploy` or `build` (v0.30; every server deploys before).
    pub server_type: Option<String>,
    pub ssh_key_id: Option<String>,
    pub created_at: String,
    pub metrics_config: Option<MetricsConfig>,
}

object!(Server, "a server", {
    "serverId" => server_id: plain,
    "name" => name: nullable,
    "description" => description: plain,
    "ipAddress" => ip_address: nullable,
    "port" => port: plain,
    "username" => username: plain,
    "serverStatus" => server_status: plain,
    "serverType" => server_type: plain,
    "sshKeyId" => ssh_key_id: plain,
    "createdAt" => created_at: nullable,
    "metricsConfig" => metrics_config: plain,
});

/// `metricsConfig`: what Dokploy's monitoring of a server is set to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MetricsConfig {
    pub server: Option<ServerMetricsConfig>,
}

object!(MetricsConfig, "a metrics configuration", {
    "server" => server: plain,
});

/// `metricsConfig.server`: where the server's monitoring service listens and its token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerMetricsConfig {
    pub port: Option<u32>,
    #[serde(skip)]
    pub token: Option<String>,
    /// Seconds between two samples.
    pub refresh_rate: Option<u32>,
}

object!(ServerMetricsConfig, "a server's metrics configuration", {
    "port" => port: plain,
    "token" => token: plain,
    "refreshRate" => refresh_rate: plain,
});

/// One sample of a server's monitoring service (`server.getServerMetrics`): percentages, GB
/// and MB as texts with two decimals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerSample {
    /// CPU use, percent.
    pub cpu: Option<String>,
    /// Memory use, percent.
    pub mem_used: Option<String>,
    #[serde(rename = "memUsedGB")]
    pub mem_used_gb: Option<String>,
    /// GB.
    pub mem_total: Option<String>,
    /// Disk use, percent.
    pub disk_used: Option<String>,
    /// GB.
    pub total_disk: Option<String>,
    /// MB received and sent since boot.
    pub network_in: Option<String>,
    pub network_out: Option<String>,
    /// Seconds.
    pub uptime: Option<u64>,
    pub os: Option<String>,
    pub cpu_cores: Option<u32>,
    pub timestamp: Option<String>,
}

object!(ServerSample, "a server metrics sample", {
    "cpu" => cpu: text,
    "memUsed" => mem_used: text,
    "memUsedGB" => mem_used_gb: text,
    "memTotal" => mem_total: text,
    "diskUsed" => disk_used: text,
    "totalDisk" => total_disk: text,
    "networkIn" => network_in: text,
    "networkOut" => network_out: text,
    "uptime" => uptime: plain,
    "os" => os: plain,
    "cpuCores" => cpu_cores: plain,
    "timestamp" => timestamp: plain,
});
