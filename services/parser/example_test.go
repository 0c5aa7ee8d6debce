package parser_test

import (
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/parser"
)

func ExampleParse() {
	content := []byte("Ferry service resumes\n\nBy Ann Lee\n\n" +
		"PORTHAVEN (Reuters) - The ferry sailed again on Friday. Mr. Hale, the captain, was pleased.\n\n" +
		"Advertisement\n")
	doc := &events.Document{ID: events.DocumentID(content), Source: "ferry.txt", MediaType: events.MediaText}
	a, err := parser.Parse(doc, content)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("title=%q byline=%q dateline=%q\n", a.Title, a.Byline, a.Dateline)
	for _, s := range a.Sentences {
		fmt.Printf("[%d,%d) %s\n", s.Start, s.End, a.Body[s.Start:s.End])
	}
	fmt.Printf("boilerplate=%q\n", a.Boilerplate)
	// Output:
	// title="Ferry service resumes" byline="Ann Lee" dateline="PORTHAVEN (Reuters)"
	// [0,33) The ferry sailed again on Friday.
	// [34,69) Mr. Hale, the captain, was pleased.
	// boilerplate=["Advertisement"]
}
