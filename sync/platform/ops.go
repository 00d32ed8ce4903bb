package platform

import (
	"net/http"

	"hanout/pos"
	"hanout/pos/i18n"
)

// opsPage serves /ops, the operations board (the admin), in the viewer's
// language like every other page: it reads the Overview.
func (s *Server) opsPage(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	o, err := s.Store.Overview()
	if err != nil {
		s.Log.Printf("platform: operations board: %v", err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	w.Header().Set("Refresh", "30")
	s.render(w, r, http.StatusOK, l, "ops", i18n.T(l, "web.ops_title"), v, o)
}
