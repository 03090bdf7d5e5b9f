DROP TABLE activity_files;
