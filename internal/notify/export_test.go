package notify

import (
	"context"
)

// The periodic look-ups, for tests that run them at a time of their
// choosing.

func (n *Notifier) FindDue(ctx context.Context) error      { return n.findDue(ctx) }
func (n *Notifier) FindFailed(ctx context.Context) error   { return n.findFailed(ctx) }
func (n *Notifier) QueueDigests(ctx context.Context) error { return n.queueDigests(ctx) }
