package app

import "runtime"

func goos() string { return runtime.GOOS }
