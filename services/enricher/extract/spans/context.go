package spans

import "github.com/tidings-news/tidings/services/enricher/extract/layer"

// nameContext reads the words around a capitalised run [i, end) for its
// type: "the city of X", "the X region" (LOC), "the X agency" (ORG); "" when
// they say nothing.
func (s *scan) nameContext(i, end int) layer.EntityType {
	cues := &s.lx.Cues
	if end < len(s.toks) && s.sameRun(end) && s.isWord(end) && !s.toks[end].Cap {
		k, cl := s.toks[end].Key, s.toks[end].Class
		if s.lx.LocNouns.In(cl) && k != "border" && k != "capital" {
			return layer.Loc
		}
		if s.lx.OrgNouns.In(cl) {
			return layer.Org
		}
	}
	if i >= 2 && s.toks[i-1].Key == "of" && s.sameRun(i) && s.lx.LocNouns.In(s.toks[i-2].Class) {
		return layer.Loc
	}
	if i >= 2 && s.toks[i-1].Key == "at" && cues.StaffNouns.In(s.toks[i-2].Class) && (end-i >= 2 || s.toks[i].Upper) {
		// "analysts at UBS", "researchers at Oxford Economics"; a single
		// word ("a fellow at Hollister") is left to the linker, which may
		// know it as the short name of an organisation already named.
		return layer.Org
	}
	if i >= 2 && (s.toks[i-1].Key == "to" || s.toks[i-1].Key == "in") && cues.MotionVerbs.In(s.toks[i-2].Class) && !s.lx.Given.In(s.toks[i].Class) {
		return layer.Loc // "flew to Sandringham", "arrived in Lviv"
	}
	if i >= 1 && cues.PlacePrepsBefore.In(s.toks[i-1].Class) && s.sameRun(i) && end-i <= 2 && !s.lx.Given.In(s.toks[i].Class) &&
		!(end < len(s.toks) && s.toks[end].Kind == layer.Poss) {
		return layer.Loc // "shelling in Toretsk", "near Vovchansk"
	}
	return ""
}
