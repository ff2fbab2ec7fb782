package org

import "strconv"

// formAction is where a form posts: the collection when adding, the item
// when editing.
func formAction(base string, id int64) string {
	if id == 0 {
		return base
	}
	return base + "/" + strconv.FormatInt(id, 10)
}
