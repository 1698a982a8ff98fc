//go:build !linux

package redisstore

import "syscall"

// childAttr puts redis-server in its own process group. Without Pdeathsig
// (Linux only) a child left by a killed coach is stopped by the pid-file
// check at the next start.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
