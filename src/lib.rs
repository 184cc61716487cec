//! art32: checks infrastructure repositories against the technical and organisational
//! measures (TOM) a company promises under Art. 32 GDPR.

pub mod model;
pub mod parse;
pub mod source;
