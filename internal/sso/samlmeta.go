package sso

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"

	"belonging/internal/httpx"
	"belonging/internal/store"
)

// metadataRefresh is how often an IdP's metadata is read again from its
// address. A federation re-signs its aggregate daily.
const metadataRefresh = 24 * time.Hour

// maxMetadataBytes bounds a metadata download: the UK federation's
// aggregate of every entity is tens of megabytes.
const maxMetadataBytes = 256 << 20

type cachedMetadata struct {
	version time.Time // when the stored copy was fetched or edited
	entity  *saml.EntityDescriptor
}

// ParseCertificates reads the PEM certificates a metadata signature must
// verify with (a federation's signing certificate).
func ParseCertificates(data string) ([]*x509.Certificate, error) {
	rest := []byte(strings.TrimSpace(data))
	var certs []*x509.Certificate
	for len(rest) > 0 {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New("not a PEM certificate")
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificate found")
	}
	return certs, nil
}

// ParseIdPMetadata reads IdP metadata, a single entity or an aggregate,
// and returns the entity entityID names (or the first IdP in it when
// entityID is empty), as XML ready to keep. With certPEM, the document's
// signature must verify with one of its certificates: how an entity is
// taken from a federation's signed aggregate.
func ParseIdPMetadata(data []byte, entityID, certPEM string) (string, *saml.EntityDescriptor, error) {
	var ed *saml.EntityDescriptor
	var err error
	switch {
	case certPEM != "":
		certs, cerr := ParseCertificates(certPEM)
		if cerr != nil {
			return "", nil, fmt.Errorf("signing certificate: %w", cerr)
		}
		if entityID != "" {
			ed, err = samlsp.ParseSignedMetadataByEntityID(data, entityID, certs)
		} else {
			ed, err = samlsp.ParseSignedMetadata(data, certs)
		}
	case entityID != "":
		ed, err = samlsp.ParseMetadataByEntityID(data, entityID)
	default:
		ed, err = samlsp.ParseMetadata(data)
	}
	if err != nil {
		return "", nil, err
	}
	if len(ed.IDPSSODescriptors) == 0 {
		return "", nil, fmt.Errorf("entity %s is not an identity provider", ed.EntityID)
	}
	out, err := xml.Marshal(ed)
	if err != nil {
		return "", nil, err
	}
	return string(out), ed, nil
}

// FetchIdPMetadata downloads metadata from address and reads it with
// ParseIdPMetadata.
func FetchIdPMetadata(ctx context.Context, client *http.Client, address, entityID, certPEM string) (string, *saml.EntityDescriptor, error) {
	u, err := url.Parse(address)
	if err != nil {
		return "", nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", nil, err
	}
	req.Header.Set("Accept", "application/samlmetadata+xml, application/xml;q=0.9, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("%s answered %s", u.Host, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBytes+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > maxMetadataBytes {
		return "", nil, fmt.Errorf("metadata is larger than %d MiB", maxMetadataBytes>>20)
	}
	return ParseIdPMetadata(data, entityID, certPEM)
}

// idpMetadata returns the IdP's metadata, read again from its address when
// the copy kept is a day old. If reading fails, the copy kept is used and
// the failure logged by the caller.
func (h *Handler) idpMetadata(ctx context.Context, p provider) (*saml.EntityDescriptor, error) {
	stored, version := p.SamlMetadataXml, p.UpdatedAt
	if p.SamlMetadataFetchedAt != nil && p.SamlMetadataFetchedAt.After(version) {
		version = *p.SamlMetadataFetchedAt
	}
	var fetchErr error
	if p.SamlMetadataUrl != "" && (p.SamlMetadataFetchedAt == nil || time.Since(*p.SamlMetadataFetchedAt) > metadataRefresh) {
		fetchCtx, cancel := withoutRequestDeadline(ctx, 2*time.Minute)
		defer cancel()
		xmlText, _, err := FetchIdPMetadata(fetchCtx, h.HTTP, p.SamlMetadataUrl, p.SamlEntityID, p.SamlSigningCert)
		if err == nil {
			if err := h.Queries.SaveProviderMetadata(ctx, store.SaveProviderMetadataParams{ID: p.ID, SamlMetadataXml: xmlText}); err != nil {
				return nil, err
			}
			stored, version = xmlText, time.Now()
		} else {
			fetchErr = fmt.Errorf("refresh metadata of provider %d: %w", p.ID, err)
		}
	}
	if stored == "" {
		if fetchErr == nil {
			fetchErr = errors.New("no IdP metadata")
		}
		return nil, fetchErr
	}
	if fetchErr != nil {
		httpx.Logger(ctx).Warn("using the metadata kept", "err", fetchErr)
	}
	h.samlMu.Lock()
	c, ok := h.samlCache[p.ID]
	h.samlMu.Unlock()
	if ok && c.version.Equal(version) {
		return c.entity, nil
	}
	ed, err := samlsp.ParseMetadata([]byte(stored))
	if err != nil {
		return nil, err
	}
	h.samlMu.Lock()
	if h.samlCache == nil {
		h.samlCache = map[int64]cachedMetadata{}
	}
	h.samlCache[p.ID] = cachedMetadata{version: version, entity: ed}
	h.samlMu.Unlock()
	return ed, nil
}

// idpScopes are the scopes (domains) an IdP's metadata says it speaks for.
func idpScopes(ed *saml.EntityDescriptor) []string {
	var out []string
	for _, d := range ed.IDPSSODescriptors {
		if d.Extensions == nil {
			continue
		}
		for _, s := range d.Extensions.ShibbolethScopes {
			if !s.Regexp {
				out = append(out, strings.ToLower(s.Value))
			}
		}
	}
	return out
}
