package coach

import "runtime"

// hashSlots bounds how many argon2id hashes run at once. Each takes a
// 19 MiB work area and a CPU for its whole run, so more at once than there
// are CPUs only adds memory: 32 concurrent sign-ups took the process to
// about 1 GiB of RSS. With the bound a burst queues instead, its memory is
// GOMAXPROCS × 19 MiB, and total throughput is the same.
var hashSlots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// hashSlot waits for a slot and returns its release.
func hashSlot() func() {
	hashSlots <- struct{}{}
	return func() { <-hashSlots }
}
