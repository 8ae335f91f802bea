//! `domain.*`: the domains routed to an application or compose service.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{CertificateType, Domain};

/// Body of `domain.create`: set `application_id`, or `compose_id` + `service_name`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDomain {
    pub host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub https: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_type: Option<CertificateType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// `application` or `compose`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<String>,
}

/// Body of `domain.update` (`host` is required by Dokploy).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainUpdate {
    pub domain_id: String,
    pub host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub https: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_type: Option<CertificateType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<String>,
}

impl Client {
    /// `GET domain.byApplicationId?applicationId=`.
    pub async fn domain_by_application(
        &self,
        application_id: &str,
    ) -> Result<Vec<Domain>, ApiError> {
        self.get(
            "domain.byApplicationId",
            &[("applicationId", application_id.to_string())],
        )
        .await
    }

    /// `GET domain.byComposeId?composeId=`.
    pub async fn domain_by_compose(&self, compose_id: &str) -> Result<Vec<Domain>, ApiError> {
        self.get(
            "domain.byComposeId",
            &[("composeId", compose_id.to_string())],
        )
        .await
    }

    /// `POST domain.create`: answers the new domain.
    pub async fn domain_create(&self, domain: &NewDomain) -> Result<Domain, ApiError> {
        self.post("domain.create", domain).await
    }

    /// `POST domain.update`.
    pub async fn domain_update(&self, update: &DomainUpdate) -> Result<(), ApiError> {
        self.post_void("domain.update", update).await
    }

    /// `POST domain.delete`.
    pub async fn domain_delete(&self, domain_id: &str) -> Result<(), ApiError> {
        self.post_void("domain.delete", &id_body("domainId", domain_id))
            .await
    }
}
