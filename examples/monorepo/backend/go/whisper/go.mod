module example.com/whisper

go 1.23
