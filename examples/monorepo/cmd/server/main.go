package main

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
)

var buildType = "cpu"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "server %s (%s)\n", uuid.NewString(), buildType)
	})
	_ = http.ListenAndServe(":8080", nil)
}
