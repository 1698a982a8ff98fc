package redisstore

import "syscall"

// childAttr makes the kernel send SIGTERM to redis-server when its parent
// dies, whatever way it dies, and puts it in its own process group so a
// Ctrl-C in the terminal reaches coach first and coach stops Redis in order.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
