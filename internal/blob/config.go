package blob

import (
	"context"
	"path/filepath"
	"time"

	"belonging/internal/config"
)

// FromConfig opens the store the configuration names (BLOB_BACKEND).
func FromConfig(cfg config.Config) (Store, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	switch cfg.BlobBackend {
	case "s3":
		return NewS3(ctx, S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
			SecretKey: cfg.S3SecretKey, Region: cfg.S3Region, UseTLS: cfg.S3UseTLS})
	case "azure":
		return NewAzure(ctx, AzureConfig{Account: cfg.AzureAccount, Key: cfg.AzureKey,
			Container: cfg.AzureContainer, Endpoint: cfg.AzureEndpoint})
	}
	return NewFS(filepath.Join(cfg.DataDir, "blobs"))
}
