package sso

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// SPKeys is the SAML service provider's key pair: it signs requests and
// decrypts the assertions IdPs encrypt to its certificate.
type SPKeys struct {
	Key  *rsa.PrivateKey
	Cert *x509.Certificate
}

// LoadSPKeys reads the key pair from PEM files (SAML_SP_CERT_FILE and
// SAML_SP_KEY_FILE).
func LoadSPKeys(certFile, keyFile string) (*SPKeys, error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("SAML_SP_CERT_FILE: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("SAML_SP_KEY_FILE: %w", err)
	}
	return ParseSPKeys(certPEM, keyPEM)
}

// ParseSPKeys reads a PEM certificate and its RSA private key (PKCS #1 or
// PKCS #8).
func ParseSPKeys(certPEM, keyPEM []byte) (*SPKeys, error) {
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, errors.New("SAML SP certificate: no PEM CERTIFICATE block")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("SAML SP certificate: %w", err)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, errors.New("SAML SP key: no PEM block")
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(kb.Bytes); err == nil {
		key = k
	} else if k, err := x509.ParsePKCS8PrivateKey(kb.Bytes); err == nil {
		var ok bool
		if key, ok = k.(*rsa.PrivateKey); !ok {
			return nil, errors.New("SAML SP key: must be an RSA key (XML encryption needs one)")
		}
	} else {
		return nil, fmt.Errorf("SAML SP key: %w", err)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(&key.PublicKey) {
		return nil, errors.New("SAML SP certificate and key do not belong together")
	}
	return &SPKeys{Key: key, Cert: cert}, nil
}

// DevSPKeys returns the development key pair kept under dir, making it the
// first time. Production sets SAML_SP_CERT_FILE and SAML_SP_KEY_FILE.
func DevSPKeys(dir, host string) (*SPKeys, error) {
	certFile, keyFile := filepath.Join(dir, "saml-sp.crt"), filepath.Join(dir, "saml-sp.key")
	if _, err := os.Stat(keyFile); err == nil {
		return LoadSPKeys(certFile, keyFile)
	}
	certPEM, keyPEM, err := NewSPKeyPair(host, 10*365*24*time.Hour)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		return nil, err
	}
	return ParseSPKeys(certPEM, keyPEM)
}

// NewSPKeyPair makes a self-signed certificate and RSA key for a SAML
// entity, in PEM. SAML uses certificates only to carry keys, so
// self-signed is what federations expect.
func NewSPKeyPair(commonName string, validFor time.Duration) (certPEM, keyPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(validFor),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return certPEM, keyPEM, nil
}
