package coach

// DummyHashForTest exposes dummyHash to the black-box tests.
const DummyHashForTest = dummyHash
