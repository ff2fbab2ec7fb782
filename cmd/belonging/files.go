package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"belonging/internal/blob"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/store"
)

const filesHelp = `Usage: belonging files export DIR | import DIR | check

Copies evidence files between the configured file store (BLOB_BACKEND)
and a directory, for backups, restores and moving to another store.
  export DIR  copy every file of the store into DIR; files already in DIR
              are skipped, so running it again copies only what is new
  import DIR  copy every file in DIR into the store, skipping those there
  check       compare the store with the database: every file an evidence
              row refers to must be there (exit status 1 when one is not)

DIR is laid out as the directory store keeps its files, so an exported
DIR can also serve as DATA_DIR/blobs. See docs/operations.md.
`

func filesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("files", filesHelp, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	want := map[string]int{"export": 2, "import": 2, "check": 1}
	if n, ok := want[fs.Arg(0)]; !ok || fs.NArg() != n {
		fs.Usage()
		return errors.New("files needs export DIR, import DIR or check")
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	files, err := blob.FromConfig(cfg)
	if err != nil {
		return fmt.Errorf("file store: %w", err)
	}
	switch fs.Arg(0) {
	case "export", "import":
		dir, err := blob.NewFS(fs.Arg(1))
		if err != nil {
			return err
		}
		src, dst, what := files, blob.Store(dir), cfg.BlobBackend+" store to "+fs.Arg(1)
		if fs.Arg(0) == "import" {
			src, dst, what = dir, files, fs.Arg(1)+" to "+cfg.BlobBackend+" store"
		}
		res, err := blob.Copy(ctx, dst, src, "")
		fmt.Fprintf(stdout, "%s: %d files copied (%d bytes), %d already there\n", what, res.Copied, res.Bytes, res.Skipped)
		return err
	}
	return checkFiles(ctx, cfg, files, stdout)
}

// checkFiles reports evidence rows whose file the store lacks, and files
// no row refers to (the hourly sweep removes those after an hour).
func checkFiles(ctx context.Context, cfg config.Config, files blob.Store, stdout io.Writer) error {
	pool, err := db.Open(ctx, cfg.DatabaseURL, db.PoolOptions{MaxConns: 2, ConnectTimeout: cfg.DBConnectTimeout})
	if err != nil {
		return err
	}
	defer pool.Close()
	referenced, err := store.New(pool).ReferencedFileKeys(ctx, "evidence/")
	if err != nil {
		return err
	}
	objs, err := files.List(ctx, "evidence/")
	if err != nil {
		return err
	}
	stored := make(map[string]bool, len(objs))
	for _, o := range objs {
		stored[o.Key] = true
	}
	var missing []string
	for _, k := range referenced {
		if !stored[k] {
			missing = append(missing, k)
		}
		delete(stored, k)
	}
	fmt.Fprintf(stdout, "%d evidence files referenced, %d of them missing from the store; %d stored files unreferenced\n",
		len(referenced), len(missing), len(stored))
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("files missing from the store: %s", strings.Join(missing, ", "))
	}
	return nil
}
