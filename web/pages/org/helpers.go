package org

import (
	"context"

	"belonging/internal/i18n"
)

// formAction is where a form posts: the collection when adding, the item
// when editing.
func formAction(create string, update func(int64) string, id int64) string {
	if id == 0 {
		return create
	}
	return update(id)
}

// archiveWords are the words of a record's archive or restore card, each
// kind of record having its own (Welsh mutates after the article by the
// noun's gender).
type archiveWords struct {
	ArchiveTitle, Archive, Help, RestoreTitle, Restore string
}

func departmentArchiveWords(ctx context.Context) archiveWords {
	return archiveWords{ArchiveTitle: i18n.T(ctx, "org.departments.archive.title"), Archive: i18n.T(ctx, "org.departments.archive.button"),
		Help: i18n.T(ctx, "org.departments.archive.help"), RestoreTitle: i18n.T(ctx, "org.departments.restore.title"), Restore: i18n.T(ctx, "org.departments.restore.button")}
}

func programmeArchiveWords(ctx context.Context) archiveWords {
	return archiveWords{ArchiveTitle: i18n.T(ctx, "org.programmes.archive.title"), Archive: i18n.T(ctx, "org.programmes.archive.button"),
		Help: i18n.T(ctx, "org.programmes.archive.help"), RestoreTitle: i18n.T(ctx, "org.programmes.restore.title"), Restore: i18n.T(ctx, "org.programmes.restore.button")}
}

func moduleArchiveWords(ctx context.Context) archiveWords {
	return archiveWords{ArchiveTitle: i18n.T(ctx, "org.modules.archive.title"), Archive: i18n.T(ctx, "org.modules.archive.button"),
		Help: i18n.T(ctx, "org.modules.archive.help"), RestoreTitle: i18n.T(ctx, "org.modules.restore.title"), Restore: i18n.T(ctx, "org.modules.restore.button")}
}
