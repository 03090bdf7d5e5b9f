// The offices' pages: progress of long operations and the like.
