package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	azureblob "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

// AzureConfig says how to reach a container in Azure Blob storage.
type AzureConfig struct {
	Account   string // storage account name
	Key       string // one of the account's access keys (base64)
	Container string
	// Endpoint is the account's blob service URL; empty means
	// https://<account>.blob.core.windows.net. Azurite, the emulator the
	// tests use, answers at http://127.0.0.1:10000/<account>.
	Endpoint string
}

// Azure stores files in a container of an Azure storage account. Many UK
// universities run on Azure, whose Blob storage does not speak S3.
type Azure struct {
	container *container.Client
}

// NewAzure connects to the account and checks the container exists: like
// the S3 store it never creates one, since who may read a container is the
// operator's decision.
func NewAzure(ctx context.Context, cfg AzureConfig) (*Azure, error) {
	cred, err := azblob.NewSharedKeyCredential(cfg.Account, cfg.Key)
	if err != nil {
		return nil, fmt.Errorf("Azure storage key: %w", err)
	}
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "https://" + cfg.Account + ".blob.core.windows.net"
	}
	c, err := container.NewClientWithSharedKeyCredential(strings.TrimRight(endpoint, "/")+"/"+cfg.Container, cred, nil)
	if err != nil {
		return nil, fmt.Errorf("Azure storage client: %w", err)
	}
	if _, err := c.GetProperties(ctx, nil); err != nil {
		if bloberror.HasCode(err, bloberror.ContainerNotFound) {
			return nil, fmt.Errorf("Azure container %q does not exist in account %q", cfg.Container, cfg.Account)
		}
		return nil, fmt.Errorf("Azure container %q: %w", cfg.Container, err)
	}
	return &Azure{container: c}, nil
}

// Put uploads the file in blocks. The blob appears only when its block
// list is committed, after the last byte: a short or long body fails the
// upload and leaves nothing behind.
func (s *Azure) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := s.container.NewBlockBlobClient(key).UploadStream(ctx, &exactReader{r: r, remaining: size}, &blockblob.UploadStreamOptions{
		HTTPHeaders: &azureblob.HTTPHeaders{BlobContentType: &contentType},
	})
	return err
}

// Open downloads the file, resuming a download the network interrupts.
func (s *Azure) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	resp, err := s.container.NewBlobClient(key).DownloadStream(ctx, nil)
	if err != nil {
		if bloberror.HasCode(err, bloberror.BlobNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return resp.NewRetryReader(ctx, nil), nil
}

// Delete removes the file. With soft delete turned on for the account,
// Azure keeps it recoverable for the retention the operator chose.
func (s *Azure) Delete(ctx context.Context, key string) error {
	_, err := s.container.NewBlobClient(key).Delete(ctx, nil)
	if bloberror.HasCode(err, bloberror.BlobNotFound) {
		return nil
	}
	return err
}

// List lists the blobs under prefix, page by page.
func (s *Azure) List(ctx context.Context, prefix string) ([]Object, error) {
	var out []Object
	pager := s.container.NewListBlobsFlatPager(&container.ListBlobsFlatOptions{Prefix: &prefix})
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range page.Segment.BlobItems {
			if item.Name == nil || item.Properties == nil || item.Properties.LastModified == nil || item.Properties.ContentLength == nil {
				return nil, errors.New("Azure listed a blob without its name, size or modification time")
			}
			out = append(out, Object{Key: *item.Name, Size: *item.Properties.ContentLength, Modified: *item.Properties.LastModified})
		}
	}
	return out, nil
}

// exactReader passes on exactly remaining bytes of r and fails the read
// that finds fewer or more.
type exactReader struct {
	r         io.Reader
	remaining int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.remaining <= 0 {
		// Anything after the declared size is an error, not silently dropped.
		var one [1]byte
		if n, _ := io.ReadFull(e.r, one[:]); n > 0 {
			return 0, errors.New("upload is longer than its declared size")
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.remaining {
		p = p[:e.remaining]
	}
	n, err := e.r.Read(p)
	e.remaining -= int64(n)
	if err == io.EOF && e.remaining > 0 {
		return n, fmt.Errorf("upload ended %d bytes short of its declared size: %w", e.remaining, io.ErrUnexpectedEOF)
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}
