//! The pages: the unit admin's and the city admin's dashboards.
