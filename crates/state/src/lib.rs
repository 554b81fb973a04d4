//! State for neurodim models: typed state containers with kinds (hidden, short-term,
//! long-term, param) and batch shapes, initialisers, the explicit step environment (`dt`, `t`,
//! `i`), seeded per-consumer random streams, delays and checkpoints.
