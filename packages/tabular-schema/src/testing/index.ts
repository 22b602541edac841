// The conformance suite every synthesizer's tests call lands here (issue 3).
export {};
