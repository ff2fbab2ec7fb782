// Package web holds the page templates (templ) and the static assets, both
// compiled into the binary.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

type asset struct {
	body        []byte
	contentType string
}

// assets maps each file's fingerprinted name ("app.3f2a1b9c.css") to its
// contents; assetNames maps the plain name to the fingerprinted one. The
// fingerprint changes whenever the file does, so browsers may cache a file
// for a year and still never see a stale one.
var assets, assetNames = func() (map[string]asset, map[string]string) {
	byHashed := map[string]asset{}
	names := map[string]string{}
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		byHashed[hashed] = asset{body: body, contentType: ctype}
		names[name] = hashed
		return nil
	})
	return byHashed, names
}()

// Asset returns the URL of a static file by its plain name, fingerprinted.
func Asset(name string) string {
	if hashed, ok := assetNames[name]; ok {
		return "/static/" + hashed
	}
	return "/static/" + name
}

// StaticHandler serves the fingerprinted files under /static/; notFound
// answers for any other name.
func StaticHandler(notFound http.Handler) http.Handler {
	modTime := time.Unix(0, 0)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		a, ok := assets[name]
		if !ok {
			notFound.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeContent(w, r, name, modTime, bytes.NewReader(a.body))
	})
}
