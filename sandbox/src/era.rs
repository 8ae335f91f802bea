//! The Dokploy release whose API the sandbox speaks (`--era`): what it authenticates with, how
//! its projects hold services, how its errors look, and which procedures it has.

use crate::validate::Procedure;

/// A Dokploy API era, named by the release it was recorded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Era {
    /// The 2024 API (`--legacy`): `Authorization: Bearer TOKEN`, flat projects with `adminId`.
    V0_18_4,
    /// The last release before environments: `x-api-key`, flat projects with `organizationId`.
    V0_24_12,
    /// Environments; the default.
    #[default]
    V0_30_2,
}

pub const ALL_ERAS: [Era; 3] = [Era::V0_18_4, Era::V0_24_12, Era::V0_30_2];

impl Era {
    /// `v0.24.12`: what `settings.getDokployVersion` answers and `--era` takes.
    pub fn version(self) -> &'static str {
        match self {
            Era::V0_18_4 => "v0.18.4",
            Era::V0_24_12 => "v0.24.12",
            Era::V0_30_2 => "v0.30.2",
        }
    }

    pub fn parse(s: &str) -> Option<Era> {
        let s = s.trim();
        let s = s.strip_prefix('v').unwrap_or(s);
        ALL_ERAS.into_iter().find(|e| &e.version()[1..] == s)
    }

    /// Authenticated by a bearer token (`auth.generateToken`) instead of `x-api-key`.
    pub fn bearer(self) -> bool {
        self == Era::V0_18_4
    }

    /// Services hang on the project (no environments), `*.one` nests `project`.
    pub fn flat(self) -> bool {
        self != Era::V0_30_2
    }

    /// zod v3 and tRPC's older error bodies: `{message, code[, issues]}` without `data`, issues
    /// with `"message": "Required"`, and a body that is not JSON read as a form (no 415).
    pub fn zod3(self) -> bool {
        self != Era::V0_30_2
    }

    /// The era's request contract: the procedures it has that the sandbox implements.
    pub fn procedures(self) -> &'static [Procedure] {
        match self {
            Era::V0_18_4 => crate::spec::LEGACY_PROCEDURES,
            Era::V0_24_12 => crate::spec::V0_24_12_PROCEDURES,
            Era::V0_30_2 => crate::spec::PROCEDURES,
        }
    }

    /// The procedure `name` of this era, if the sandbox answers it; anything else answers
    /// Dokploy's unknown-procedure 404.
    pub fn find(self, name: &str) -> Option<&'static Procedure> {
        self.procedures().iter().find(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_back() {
        for e in ALL_ERAS {
            assert_eq!(Era::parse(e.version()), Some(e));
        }
        assert_eq!(Era::parse("0.24.12"), Some(Era::V0_24_12));
        assert_eq!(Era::parse("v0.24"), None);
        assert_eq!(Era::default(), Era::V0_30_2);
    }
}
