package evidence

import (
	"context"
	"strconv"

	"belonging/internal/i18n"
	"belonging/internal/store"
	page "belonging/web/pages/evidence"
)

// fillFromCheckIn puts the number of students who checked in at the
// form's session into an empty attendance field, and says where it came
// from: the person recording the outcome sees it, and can correct it for
// anyone who came without checking in.
func (h *Handler) fillFromCheckIn(ctx context.Context, institutionID int64, sessions []store.ListActivitySessionsRow, v *page.OutcomeForm) error {
	if v.Attendance != "" || v.SessionID == "" {
		return nil
	}
	id, err := strconv.ParseInt(v.SessionID, 10, 64)
	if err != nil {
		return nil
	}
	for _, s := range sessions {
		if s.ID != id {
			continue
		}
		n, err := h.Queries.CountCheckins(ctx, store.CountCheckinsParams{InstitutionID: institutionID, SessionID: id})
		if err != nil || n == 0 {
			return err
		}
		v.Attendance = strconv.Itoa(int(n))
		v.CheckedIn = i18n.T(ctx, "evidence.outcome.checked_in", "Count", strconv.Itoa(int(n)), "Day", i18n.DayMonth(ctx, s.SessionDate))
	}
	return nil
}
