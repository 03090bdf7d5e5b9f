// The nomination form's pages.
