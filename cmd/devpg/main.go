// Command devpg runs a command beside a private PostgreSQL cluster, with
// DATABASE_URL pointing at it, and stops the cluster when the command ends.
//
//	devpg -dir .data/postgres -- belonging serve   # kept between runs
//	devpg -temp -- go test ./...                  # thrown away afterwards
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"

	"belonging/internal/pgcluster"
)

func main() {
	code, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "devpg:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run() (int, error) {
	fs := flag.NewFlagSet("devpg", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: devpg (-dir DIR | -temp) [-db NAME] [-set name=value ...] -- command [args...]")
		fmt.Fprintln(fs.Output(), "Starts a private PostgreSQL cluster, runs the command with DATABASE_URL set, then stops the cluster.")
		fs.PrintDefaults()
	}
	dir := fs.String("dir", "", "cluster directory, kept between runs")
	temp := fs.Bool("temp", false, "use a throwaway cluster in a temporary directory")
	dbName := fs.String("db", "belonging", "database to create and name in DATABASE_URL")
	var settings []string
	fs.Func("set", "a server setting, name=value (repeatable), such as shared_buffers=1GB", func(v string) error {
		name, value, ok := strings.Cut(v, "=")
		if !ok || name == "" || value == "" || strings.ContainsAny(v, " '\"\\") {
			return fmt.Errorf("want name=value without spaces or quotes, not %q", v)
		}
		settings = append(settings, v)
		return nil
	})
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil
		}
		return 2, nil
	}
	if fs.NArg() == 0 || (*dir == "") == !*temp {
		fs.Usage()
		return 2, nil
	}

	opts := pgcluster.Options{Dir: *dir, Temporary: *temp, Database: *dbName, Settings: settings}
	if *temp {
		tmp, err := os.MkdirTemp("", "belonging-pg-")
		if err != nil {
			return 1, err
		}
		defer os.RemoveAll(tmp)
		opts.Dir = tmp
	}
	ctx := context.Background()
	cluster, err := pgcluster.Start(ctx, opts)
	if err != nil {
		return 1, err
	}
	defer func() {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "devpg: stop:", err)
		}
		if *temp && cluster.Relocated() {
			_ = os.RemoveAll(cluster.Dir())
		}
	}()
	fmt.Fprintf(os.Stderr, "devpg: PostgreSQL on 127.0.0.1:%d (%s)\n", cluster.Port(), cluster.Dir())
	if cluster.Relocated() {
		fmt.Fprintf(os.Stderr, "devpg: %s is inside a directory the postgres user cannot enter, so the cluster is kept in %s instead\n", opts.Dir, cluster.Dir())
	}

	cmd := exec.Command(fs.Arg(0), fs.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "DATABASE_URL="+cluster.URL())
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	// Wait for the command, so the cluster stops only after the command has
	// finished with it. Ctrl-C reaches the command from the terminal itself;
	// a SIGTERM sent to devpg alone is passed on.
	signal.Ignore(os.Interrupt)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	signal.Stop(signals)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if exit.ExitCode() < 0 {
			return 1, nil
		}
		return exit.ExitCode(), nil
	}
	return 0, err
}
