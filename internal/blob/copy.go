package blob

import (
	"context"
	"fmt"
)

// CopyResult counts what Copy did.
type CopyResult struct {
	Copied, Skipped int
	Bytes           int64
}

// Copy copies every object under prefix from src to dst that dst does not
// hold yet. Keys are never reused for other contents, so an object already
// there with the same size is the same file: running Copy again after an
// interruption, or to add what was written since, copies only the rest.
// It is how files are backed up, restored, and moved from one store to
// another.
func Copy(ctx context.Context, dst, src Store, prefix string) (CopyResult, error) {
	var res CopyResult
	have, err := dst.List(ctx, prefix)
	if err != nil {
		return res, fmt.Errorf("list the destination: %w", err)
	}
	there := make(map[string]int64, len(have))
	for _, o := range have {
		there[o.Key] = o.Size
	}
	objs, err := src.List(ctx, prefix)
	if err != nil {
		return res, fmt.Errorf("list the source: %w", err)
	}
	for _, o := range objs {
		if size, ok := there[o.Key]; ok && size == o.Size {
			res.Skipped++
			continue
		}
		if err := copyOne(ctx, dst, src, o); err != nil {
			return res, fmt.Errorf("copy %s: %w", o.Key, err)
		}
		res.Copied++
		res.Bytes += o.Size
	}
	return res, nil
}

func copyOne(ctx context.Context, dst, src Store, o Object) error {
	r, err := src.Open(ctx, o.Key)
	if err != nil {
		return err
	}
	defer r.Close()
	// The content type is not kept per object: downloads take it from the
	// evidence row.
	return dst.Put(ctx, o.Key, r, o.Size, "application/octet-stream")
}
