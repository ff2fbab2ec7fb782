package org

// formAction is where a form posts: the collection when adding, the item
// when editing.
func formAction(create string, update func(int64) string, id int64) string {
	if id == 0 {
		return create
	}
	return update(id)
}
