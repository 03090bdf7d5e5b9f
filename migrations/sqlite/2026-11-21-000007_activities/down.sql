DROP TABLE activity_attendance;
DROP TABLE activities;
