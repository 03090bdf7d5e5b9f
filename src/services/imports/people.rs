//! The people import (人员: admins, mentors, mentees, with their talent profiles): its columns, the check of each row, and what applying stores.
