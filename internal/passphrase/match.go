package passphrase

import "github.com/ccojocar/zxcvbn-go/match"

// zxcvbnMatch is one pattern zxcvbn found.
type zxcvbnMatch = match.Match
