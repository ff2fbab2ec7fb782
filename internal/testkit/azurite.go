package testkit

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"belonging/internal/blob"
)

// Azurite starts Microsoft's Azure Storage emulator (the azurite npm
// package `make tools` installs into tools/node_modules, or
// $AZURITE_PATH, run with node) on a free loopback port, with an account
// whose key is made up for this test and a new container, and returns how
// to reach it. It keeps everything in memory and stops with the test.
func Azurite(t testing.TB) blob.AzureConfig {
	t.Helper()
	script := ToolPath(t, "AZURITE_PATH", "the Azurite emulator", "tools", "node_modules", "azurite", "dist", "src", "blob", "main.js")
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(t, "node (to run the Azurite emulator)")
	}
	addr := FreeLoopbackAddr(t)

	key := make([]byte, 64)
	_, _ = rand.Read(key)
	cfg := blob.AzureConfig{
		Account:   "belongingtest",
		Key:       base64.StdEncoding.EncodeToString(key),
		Container: "evidence-test",
		Endpoint:  "http://" + addr.String() + "/belongingtest",
	}
	dir := t.TempDir()
	cmd := exec.Command(node, script,
		"--blobHost", "127.0.0.1", "--blobPort", strconv.Itoa(addr.Port),
		"--inMemoryPersistence", "--silent", "--disableTelemetry",
		// The SDK speaks a newer service version than the emulator knows;
		// the operations the store uses have not changed between them.
		"--skipApiVersionCheck", "--loose", "--disableProductStyleUrl")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AZURITE_ACCOUNTS="+cfg.Account+":"+cfg.Key, "HOME="+dir)
	logPath := filepath.Join(dir, "azurite.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("start azurite: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	failed := func(why string) {
		t.Helper()
		out, _ := os.ReadFile(logPath)
		t.Fatalf("azurite %s at %s\n%s", why, cfg.Endpoint, out)
	}

	cred, err := azblob.NewSharedKeyCredential(cfg.Account, cfg.Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := container.NewClientWithSharedKeyCredential(cfg.Endpoint+"/"+cfg.Container, cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Azurite takes a second or two to start under node; creating the
	// container is both the readiness check and the setup.
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := c.Create(ctx, nil)
		cancel()
		if err == nil || bloberror.HasCode(err, bloberror.ContainerAlreadyExists) {
			break
		}
		select {
		case <-exited:
			failed("stopped")
		default:
		}
		if time.Now().After(deadline) {
			failed(fmt.Sprintf("did not answer (%v)", err))
		}
		time.Sleep(200 * time.Millisecond)
	}
	return cfg
}
