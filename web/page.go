package web

// Page is what the layout needs to know about the page it wraps.
type Page struct {
	// Title is the page's own title; the document title adds the product name.
	Title string
	// Section marks the navigation item for the current area ("home",
	// "plan", "library", ...).
	Section string
	// Breadcrumbs lead from the top of the area to this page; the last is
	// the current page and is not a link.
	Breadcrumbs []Crumb
	// Description feeds the meta description (public pages).
	Description string
	// Meta adds extra <meta property> tags, such as OpenGraph, on public pages.
	Meta []Meta
	// HeadLinks adds <link> tags, such as an Atom feed.
	HeadLinks []HeadLink
	// Bare drops the navigation, for pages such as the survey response page
	// that people reach without an account.
	Bare bool
	// NoticesOf is the slug of the institution whose accessibility
	// statement and privacy notice the footer links to, on pages people
	// reach without signing in (a survey, an institution's own notice).
	// Otherwise the footer links to the signed-in person's institution's,
	// or, for anyone else, to the lists of every institution's.
	NoticesOf string
	// Refresh, when above zero, reloads the page after that many seconds
	// where JavaScript is off (a session's check-in screen brings its next
	// code so). Where it runs, the page updates itself in place with htmx
	// instead: a whole-page reload would move a screen reader's place.
	Refresh int
}

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Label string
	URL   string
}

// Meta is one <meta property=… content=…> tag.
type Meta struct {
	Property string
	Content  string
}

// HeadLink is one <link rel=… type=… href=… title=…> tag.
type HeadLink struct {
	Rel, Type, Href, Title string
}

// DocumentTitle is the text of the <title> element.
func (p Page) DocumentTitle() string {
	if p.Title == "" {
		return "Belonging"
	}
	return p.Title + " – Belonging"
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Label   string
	URL     string
	Section string
}
