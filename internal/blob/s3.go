package blob

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says how to reach an S3-compatible store.
type S3Config struct {
	Endpoint  string // host:port, such as s3.eu-west-2.amazonaws.com
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string
	UseTLS    bool
}

// S3 stores files in a bucket of an S3-compatible object store (AWS S3,
// MinIO, ...), so that several app servers share them.
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3 connects to the store and checks the bucket exists.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.UseTLS,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 client: %w", err)
	}
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("S3 bucket %q: %w", cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("S3 bucket %q does not exist", cfg.Bucket)
	}
	return &S3{client: client, bucket: cfg.Bucket}, nil
}

// Put uploads the file.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType})
	if resp := minio.ToErrorResponse(err); resp.Code == "XMinioStorageFull" || resp.StatusCode == http.StatusInsufficientStorage {
		return fmt.Errorf("%w: %v", ErrFull, err)
	}
	return err
}

// Open downloads the file. A missing key is reported on Open, not later.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return obj, nil
}

// Delete removes the file.
func (s *S3) Delete(ctx context.Context, key string) error {
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return nil
	}
	return err
}

// List lists the objects under prefix.
func (s *S3) List(ctx context.Context, prefix string) ([]Object, error) {
	var out []Object
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return nil, obj.Err
		}
		out = append(out, Object{Key: obj.Key, Size: obj.Size, Modified: obj.LastModified})
	}
	return out, nil
}
